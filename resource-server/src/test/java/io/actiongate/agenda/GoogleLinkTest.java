package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.actiongate.server.testing.UpstreamProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /me/google against Keycloak's real broker token endpoint: a second realm plays Google (Google cannot be
 * reached from here), the user signs in through it as through Google, and the API reports the stored link.
 */
@QuarkusTest
@TestProfile(GoogleLinkTest.WithUpstream.class)
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
class GoogleLinkTest {

    static UpstreamProvider upstream;

    public static class WithUpstream implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpstreamResource.class));
        }
    }

    /** Creates the stand-in provider and points the API at its alias, as GOOGLE_IDP_ALIAS would. */
    public static class UpstreamResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            upstream = UpstreamProvider.create(StagedKeycloak.shared());
            return Map.of("agenda.google.identity-provider", upstream.alias());
        }

        @Override
        public void stop() {
            // The provider lives in the shared server's realm; nothing else uses its alias.
        }
    }

    @Test
    void aUserWhoSignedInThroughTheProviderSeesTheLinkButNoToken() {
        StagedKeycloak keycloak = StagedKeycloak.shared();
        ChatGpt chatGpt = new ChatGpt(keycloak);
        ChatGpt.Callback callback = chatGpt.signInThrough(upstream.alias(), TestCallbacks.APPROVED, "google-link",
                "openid offline_access", upstream.username(), upstream.password());
        String accessToken = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("access_token");
        // The GPT's own token cannot read the stored provider tokens; the API's exchange (its client and secret) can.
        given().auth().oauth2(accessToken).get(keycloak.realmUrl() + "/broker/" + upstream.alias() + "/token")
                .then().statusCode(403);
        String serviceToken = given().auth().preemptive().basic("agenda-api", keycloak.settings().webClientSecret())
                .formParams(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", accessToken,
                        "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"))
                .post(keycloak.tokenUrl()).then().statusCode(200).extract().path("access_token");
        String storedUpstreamToken = given().auth().oauth2(serviceToken)
                .get(keycloak.realmUrl() + "/broker/" + upstream.alias() + "/token")
                .then().statusCode(200).extract().path("access_token");

        String body = given().auth().oauth2(accessToken).get("/me/google")
                .then().statusCode(200).contentType("application/json").extract().asString();

        JsonPath link = JsonPath.from(body);
        assertThat(link.getString("provider")).isEqualTo(upstream.alias());
        assertThat(link.getBoolean("linked")).isTrue();
        assertThat(link.getList("scopes", String.class)).contains("openid", "email", "profile");
        assertThat(link.getBoolean("refreshable")).isTrue();
        assertThat(Instant.parse(link.getString("accessTokenExpiresAt"))).isAfter(Instant.now());
        assertThat(body).doesNotContain(storedUpstreamToken).doesNotContain("access_token").doesNotContain("refresh_token");
    }

    @Test
    void aUserWithoutTheLinkGetsAClearConflict() {
        given().auth().oauth2(Tokens.demoUser()).get("/me/google")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(409))
                .body("detail", containsString("not linked to Google"));
    }

    @Test
    void withoutATokenItIsUnauthorized() {
        given().get("/me/google").then().statusCode(401);
    }
}
