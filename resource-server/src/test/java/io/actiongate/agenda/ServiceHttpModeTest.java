package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** service_http mode: the platform's service token for operations without a user, never for a user's items. */
@QuarkusTest
@TestProfile(ServiceHttpModeTest.ServiceHttp.class)
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
class ServiceHttpModeTest {

    // Two tokens: the rotation window, when the new token is rolled out and the old one still works.
    private static final String NEW_TOKEN = "svc-new-0123456789abcdef";
    private static final String OLD_TOKEN = "svc-old-fedcba9876543210";

    public static class ServiceHttp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agenda.plugin.auth-type", "service_http",
                    "agenda.service-tokens", NEW_TOKEN + "," + OLD_TOKEN,
                    "agenda.plugin.verification-token", "openai-issued-verification");
        }
    }

    @Test
    void theManifestAsksForABearerServiceToken() {
        JsonPath manifest = PluginManifests.valid();

        assertThat(manifest.getMap("auth")).containsOnlyKeys("type", "authorization_type", "verification_tokens");
        assertThat(manifest.getString("auth.type")).isEqualTo("service_http");
        assertThat(manifest.getString("auth.authorization_type")).isEqualTo("bearer");
        assertThat(manifest.getString("auth.verification_tokens.openai")).isEqualTo("openai-issued-verification");
    }

    @Test
    void bothTokensOfARotationWorkForServiceOperations() {
        given().auth().oauth2(NEW_TOKEN).get("/stats").then().statusCode(200);
        given().auth().oauth2(OLD_TOKEN).get("/stats").then().statusCode(200);
    }

    @Test
    void aWrongTokenIs401() {
        given().auth().oauth2("svc-new-0123456789abcdeX").get("/stats").then().statusCode(401);
        given().get("/stats").then().statusCode(401);
    }

    @Test
    void theServiceTokenNeverReachesAUsersItems() {
        given().auth().oauth2(NEW_TOKEN).get("/items").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(NEW_TOKEN).contentType("application/json").body(Map.of("date", "2026-12-01", "text", "x"))
                .post("/items").then().statusCode(403);
        given().auth().oauth2(NEW_TOKEN).delete("/items/1").then().statusCode(403);
    }

    @Test
    void theOpenApiDocumentListsOnlyWhatTheTokenCanCall() {
        JsonPath openapi = given().get("/openapi.json").then().statusCode(200).extract().jsonPath();

        assertThat(openapi.getMap("paths").keySet()).containsExactlyInAnyOrder("/today", "/stats");
        assertThat(openapi.getString("components.securitySchemes.'service-token'.scheme")).isEqualTo("bearer");
        assertThat(openapi.getList("paths.'/stats'.get.security[0].'service-token'")).isNotNull();
    }
}
