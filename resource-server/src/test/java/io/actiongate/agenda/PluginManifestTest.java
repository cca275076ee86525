package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin manifest in oauth mode, and the plugin OAuth flow as ChatGPT performed it, JSON token requests included. */
@QuarkusTest
@TestProfile(PluginManifestTest.OAuthMode.class)
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
class PluginManifestTest {

    public static class OAuthMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agenda.plugin.auth-type", "oauth", "agenda.plugin.verification-token", "openai-issued-verification");
        }
    }

    @Test
    void theManifestNamesThisDeploymentsUrls() {
        JsonPath manifest = PluginManifests.valid();
        String realm = StagedKeycloak.shared().realmUrl();

        assertThat(manifest.getString("auth.type")).isEqualTo("oauth");
        assertThat(manifest.getString("auth.client_url")).isEqualTo(realm + "/protocol/openid-connect/auth");
        assertThat(manifest.getString("auth.authorization_url")).isEqualTo(realm + "/chatgpt/token");
        assertThat(manifest.getString("auth.authorization_content_type")).isEqualTo("application/json");
        assertThat(manifest.getString("auth.scope")).isEqualTo("openid offline_access");
        assertThat(manifest.getString("auth.verification_tokens.openai")).isEqualTo("openai-issued-verification");
        // Keycloak's authorization endpoint answers there (without parameters: its error page).
        given().get(manifest.getString("auth.client_url")).then().statusCode(400);
    }

    @Test
    void thePluginOAuthFlowWithJsonTokenRequestsThenTheApi() {
        JsonPath manifest = PluginManifests.valid();
        StagedKeycloak keycloak = StagedKeycloak.shared();
        ChatGpt chatGpt = new ChatGpt(keycloak);
        ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED_PLUGIN, "plugin", manifest.getString("auth.scope"));
        String tokenUrl = manifest.getString("auth.authorization_url");
        String contentType = manifest.getString("auth.authorization_content_type");

        JsonPath tokens = given().contentType(contentType).body(Map.of("grant_type", "authorization_code",
                        "client_id", keycloak.settings().clientId(), "client_secret", keycloak.settings().clientSecret(),
                        "code", callback.code(), "redirect_uri", TestCallbacks.APPROVED_PLUGIN))
                .post(tokenUrl).then().statusCode(200).extract().jsonPath();
        JsonPath refreshed = given().contentType(contentType).body(Map.of("grant_type", "refresh_token",
                        "client_id", keycloak.settings().clientId(), "client_secret", keycloak.settings().clientSecret(),
                        "refresh_token", tokens.getString("refresh_token")))
                .post(tokenUrl).then().statusCode(200).extract().jsonPath();

        given().auth().oauth2(refreshed.getString("access_token")).contentType("application/json")
                .body(Map.of("date", "2026-12-05", "text", "Made through a plugin")).post("/items")
                .then().statusCode(201);
        given().auth().oauth2(refreshed.getString("access_token")).get("/stats").then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentKeepsEveryOperationInOAuthMode() {
        JsonPath openapi = given().get("/openapi.json").then().statusCode(200).extract().jsonPath();

        assertThat(openapi.getMap("paths").keySet()).contains("/items", "/items/{id}", "/today", "/stats");
        assertThat(openapi.getList("paths.'/stats'.get.security[0].'chatgpt-oauth'")).isNotNull();
    }
}
