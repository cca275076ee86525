package io.actiongate.server.tokenresponse;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The token response ChatGPT gets from a GPT client (the ChatGPT token response mapper), and what others get. */
@ExtendWith(ServerExtension.class)
class TokenResponseIT {

    private static final List<String> CHATGPT_KEYS =
            List.of("access_token", "token_type", "expires_in", "refresh_token", "scope", "id_token");

    private final KeycloakUnderTest keycloak;
    private final KeycloakAdmin admin;

 
    TokenResponseIT(KeycloakUnderTest keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }
   @ParameterizedTest
    @EnumSource(value = TokenExchangeMethod.class, names = {"POST_BODY", "BASIC_HEADER"})
    void codeAndRefreshGrantsAnswerExactlyWhatChatGptDocuments(TokenExchangeMethod method) {
        ChatGpt chatGpt = new ChatGpt(keycloak);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "shape", "openid offline_access");

        Response exchanged = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, method);
        assertChatGptShape(exchanged, CHATGPT_KEYS);

        Response refreshed = chatGpt.refresh(exchanged.jsonPath().getString("refresh_token"), method);
        assertChatGptShape(refreshed, CHATGPT_KEYS);
    }

    @Test
    void theIdTokenCanBeLeftOut() {
        ChatGpt chatGpt = gptClientLike(mapper -> Map.of("include.id.token", "false"));
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "no-id-token", "openid offline_access");

        Response exchanged = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY);

        assertChatGptShape(exchanged, CHATGPT_KEYS.stream().filter(key -> !key.equals("id_token")).toList());
    }

    @Test
    void aClientWithoutTheMapperGetsKeycloaksNormalResponse() {
        ChatGpt chatGpt = gptClientLike(null);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "plain", "openid offline_access");

        Map<String, Object> body = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().jsonPath().getMap("");

        assertThat(body).containsKeys("refresh_expires_in", "not-before-policy", "session_state");
        assertThat(body.get("token_type")).isEqualTo("Bearer");
    }

    @Test
    void errorsAreKeycloaksOAuthErrors() {
        Response replay = new ChatGpt(keycloak).exchangeCode("not-a-code", TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.jsonPath().getMap("").keySet()).containsExactlyInAnyOrder("error", "error_description");
        assertThat(replay.jsonPath().getString("error")).isEqualTo("invalid_grant");
    }

    /** A standard OpenID Connect client library (Nimbus) reads the GPT client's responses as valid OIDC token responses. */
    @Test
    void aStandardOpenIdConnectClientLibraryAcceptsTheResponses() throws Exception {
        ChatGpt chatGpt = new ChatGpt(keycloak);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "nimbus", "openid offline_access");
        ClientSecretBasic auth = new ClientSecretBasic(new ClientID(keycloak.settings().clientId()),
                new Secret(keycloak.settings().clientSecret()));
        URI tokenEndpoint = URI.create(keycloak.tokenUrl());

        TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(tokenEndpoint, auth,
                new AuthorizationCodeGrant(new AuthorizationCode(callback.code()), URI.create(TestCallbacks.APPROVED)))
                .toHTTPRequest().send());
        assertThat(exchanged.indicatesSuccess()).as(String.valueOf(exchanged)).isTrue();
        OIDCTokenResponse tokens = (OIDCTokenResponse) exchanged.toSuccessResponse();
        assertThat(tokens.getOIDCTokens().getIDToken()).isNotNull();
        assertThat(tokens.getOIDCTokens().getBearerAccessToken().getLifetime()).isPositive();

        RefreshToken refreshToken = tokens.getOIDCTokens().getRefreshToken();
        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(tokenEndpoint, auth,
                new RefreshTokenGrant(refreshToken)).toHTTPRequest().send());
        assertThat(refreshed.indicatesSuccess()).as(String.valueOf(refreshed)).isTrue();
    }

    @Test
    void theMapperAndItsOptionAreInTheAdminConsoleWithHelpTexts() {
        List<Map<String, Object>> mapperTypes = admin.admin().get(keycloak.baseUrl() + "/admin/serverinfo")
                .then().statusCode(200).extract().jsonPath().getList("protocolMapperTypes.openid-connect");
        Map<String, Object> mapper = mapperTypes.stream().filter(type -> "chatgpt-token-response".equals(type.get("id")))
                .findFirst().orElseThrow();

        assertThat(mapper.get("name")).isEqualTo("ChatGPT token response");
        assertThat((String) mapper.get("helpText")).contains("ChatGPT");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> properties = (List<Map<String, Object>>) mapper.get("properties");
        assertThat(properties).anySatisfy(property -> {
            assertThat(property.get("name")).isEqualTo("include.id.token");
            assertThat(property.get("type")).isEqualTo("boolean");
            assertThat((String) property.get("helpText")).contains("id_token");
        });
    }

    private static void assertChatGptShape(Response response, List<String> keys) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        Map<String, Object> body = response.jsonPath().getMap("");
        assertThat(body.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(body.get("token_type")).isEqualTo("bearer");
        assertThat(body.get("expires_in")).isInstanceOf(Integer.class);
        assertThat((Integer) body.get("expires_in")).isPositive();
        assertThat(body.get("refresh_token")).isInstanceOf(String.class);
        assertThat(((String) body.get("scope")).split(" ")).contains("openid", "offline_access");
    }

    /**
     * A client configured like the realm's GPT client; {@code mapperConfig} gives the token response mapper's
     * config, or null to leave the mapper out.
     */
    private ChatGpt gptClientLike(java.util.function.UnaryOperator<Map<String, String>> mapperConfig) {
        String clientId = "gpt-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = RealmSettings.randomSecret();
        admin.createClientLike(keycloak.settings().clientId(), clientId, secret, client -> {
            List<ProtocolMapperRepresentation> mappers = client.getProtocolMappers().stream()
                    .filter(mapper -> mapperConfig != null || !"chatgpt-token-response".equals(mapper.getProtocolMapper()))
                    .collect(Collectors.toList());
            mappers.stream().filter(mapper -> "chatgpt-token-response".equals(mapper.getProtocolMapper()))
                    .forEach(mapper -> mapper.setConfig(mapperConfig.apply(mapper.getConfig())));
            client.setProtocolMappers(mappers);
            return client;
        });
        return new ChatGpt(keycloak, clientId, secret);
    }
}
