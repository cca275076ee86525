package io.actiongate.server.signin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole GPT Action sign-in as ChatGPT performs it, against the staged Keycloak. */
@ExtendWith(ServerExtension.class)
class GptActionSignInIT {

    private final KeycloakUnderTest keycloak;
    private final ChatGpt chatGpt;

 
    GptActionSignInIT(KeycloakUnderTest keycloak, ChatGpt chatGpt) {
        this.keycloak = keycloak;
        this.chatGpt = chatGpt;
    }
   @ParameterizedTest
    @EnumSource(value = TokenExchangeMethod.class, names = {"POST_BODY", "BASIC_HEADER"})
    void signInExchangeRefreshAndUserinfo(TokenExchangeMethod method) {
        String state = UUID.randomUUID().toString();

        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, state, "openid offline_access");

        assertThat(callback.redirectUri()).isEqualTo(TestCallbacks.APPROVED);
        assertThat(callback.state()).isEqualTo(state);
        assertThat(callback.code()).isNotBlank();

        Response exchanged = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, method);
        assertThat(exchanged.statusCode()).as(exchanged.asString()).isEqualTo(200);
        JsonPath tokens = exchanged.jsonPath();
        assertThat(tokens.getString("token_type")).isEqualToIgnoringCase("bearer");
        assertThat(tokens.getInt("expires_in")).isBetween(300, 900);
        assertThat(tokens.getString("scope").split(" ")).contains("openid", "offline_access");
        assertThat(tokens.getString("id_token")).isNotBlank();

        JsonPath access = Jwt.claims(tokens.getString("access_token"));
        assertThat(Jwt.audiences(tokens.getString("access_token"))).as("audience of the agenda API").contains("agenda-api");
        assertThat(access.getString("azp")).isEqualTo(keycloak.settings().clientId());
        assertThat(access.getString("sub")).isNotBlank();
        assertThat(Jwt.claims(tokens.getString("refresh_token")).getString("typ"))
                .as("an offline token survives the browser session").isEqualTo("Offline");

        Response refreshed = chatGpt.refresh(tokens.getString("refresh_token"), method);
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        String refreshedAccessToken = refreshed.jsonPath().getString("access_token");
        assertThat(refreshedAccessToken).isNotEqualTo(tokens.getString("access_token"));
        assertThat(refreshed.jsonPath().getString("refresh_token")).isNotBlank();

        Response userinfo = chatGpt.userinfo(refreshedAccessToken);
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(userinfo.jsonPath().getString("sub")).isEqualTo(access.getString("sub"));
        assertThat(userinfo.jsonPath().getString("preferred_username")).isEqualTo(keycloak.settings().demoUser());
    }

    @Test
    void emptyScopeFieldStillGetsAnOfflineRefreshToken() {
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "s1", "openid");
        JsonPath tokens = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().jsonPath();

        assertThat(tokens.getString("scope").split(" ")).contains("offline_access");
        assertThat(Jwt.claims(tokens.getString("refresh_token")).getString("typ")).isEqualTo("Offline");
    }

    @Test
    void aCodeIsUsableOnce() {
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "s2", "openid offline_access");
        chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200);

        Response replay = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.jsonPath().getString("error")).isEqualTo("invalid_grant");
        assertThat(replay.jsonPath().getString("error_description")).isNotBlank();
    }

    @Test
    void aWrongSecretIsRefusedWithAnOAuthError() {
        ChatGpt impostor = new ChatGpt(keycloak, keycloak.settings().clientId(), RealmSettings.randomSecret());
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "s3", "openid offline_access");

        Response exchanged = impostor.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.BASIC_HEADER);

        assertThat(exchanged.statusCode()).isEqualTo(401);
        assertThat(exchanged.jsonPath().getString("error")).isEqualTo("unauthorized_client");
    }

    @Test
    void theRealmUsesTheActionGateLoginTheme() {
        Response loginPage = chatGpt.authorize(TestCallbacks.APPROVED, "s4", "openid offline_access");

        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.asString()).contains("/login/actiongate/css/actiongate.css");
    }

    @Test
    void userinfoRefusesAGarbageToken() {
        given().auth().oauth2("not-a-token").get(keycloak.userinfoUrl()).then().statusCode(401);
    }
}
