package io.actiongate.server.scope;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.stream.Stream;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ChatGPT's scope habits end in a normal sign-in with the GPT client's scopes (openid offline_access). */
@ExtendWith(ServerExtension.class)
class ScopeToleranceIT {

    private final KeycloakUnderTest keycloak;


    ScopeToleranceIT(KeycloakUnderTest keycloak) {
        this.keycloak = keycloak;
    }
    static Stream<String> scopeVariants() {
        List<String> supported = given().get(StagedKeycloak.shared().realmUrl() + "/.well-known/openid-configuration")
                .jsonPath().getList("scopes_supported", String.class);
        return Stream.of("", null, " offline_access", "openid  offline_access ", "  ", "openid", "offline_access",
                "openid unknown-scope", String.join(" ", supported));
    }

    @ParameterizedTest(name = "scope [{0}]")
    @MethodSource("scopeVariants")
    void signsInWithTheClientsScopes(String scope) {
        ChatGpt chatGpt = new ChatGpt(keycloak);

        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "scope", scope);
        JsonPath tokens = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().jsonPath();

        assertThat(tokens.getString("scope").split(" ")).contains("openid", "offline_access");
        assertThat(tokens.getString("id_token")).isNotBlank();
        assertThat(Jwt.claims(tokens.getString("refresh_token")).getString("typ")).isEqualTo("Offline");
    }

    /**
     * A percent-encoded {@code scope} name is the same parameter to Keycloak: the rewrite replaces it too, so the
     * tolerated request reaches the login page instead of being redirected to itself again.
     */
    @Test
    void anEncodedScopeNameIsRewrittenOnce() {
        String query = "client_id=" + keycloak.settings().clientId() + "&response_type=code&state=enc"
                + "&redirect_uri=" + java.net.URLEncoder.encode(TestCallbacks.APPROVED, java.nio.charset.StandardCharsets.UTF_8)
                + "&sc%6Fpe=unknown-scope%20openid";
        Response first = given().redirects().follow(false).urlEncodingEnabled(false).get(keycloak.authorizationUrl() + "?" + query);
        assertThat(first.statusCode()).isEqualTo(302);
        String tolerated = first.header("Location");
        assertThat(tolerated).doesNotContain("sc%6Fpe").contains("scope=openid");

        Response second = given().redirects().follow(false).urlEncodingEnabled(false).get(tolerated);
        assertThat(second.statusCode()).as("the login page, not another rewrite").isEqualTo(200);
    }
}
