package io.actiongate.server.scope;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ChatGPT's scope habits end in a normal sign-in with the GPT client's scopes (openid offline_access). */
class ScopeToleranceIT {

    private static KeycloakUnderTest keycloak;

    @BeforeAll
    static void start() {
        keycloak = StagedKeycloak.shared();
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
}
