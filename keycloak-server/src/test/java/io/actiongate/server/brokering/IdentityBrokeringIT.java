package io.actiongate.server.brokering;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.TestCallbacks;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.UpstreamProvider;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign in with another identity provider through Keycloak's brokering, the way the realm's Google provider
 * works, with a second realm on the same server playing Google.
 */
@ExtendWith(ServerExtension.class)
class IdentityBrokeringIT {

    private static final String SCOPE = "openid offline_access";

    private static UpstreamProvider upstream;
    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;

    IdentityBrokeringIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }

    /** One upstream provider for the class: it adds an identity provider to the shared realm. */
    @BeforeAll
    static void addUpstream(StagedKeycloak keycloak) {
        upstream = UpstreamProvider.create(keycloak);
    }

    @Test
    void googleIsImportedSwitchedOffWithoutItsKeys() {
        JsonPath google = admin.admin().get(admin.realmAdminUrl() + "/identity-provider/instances/google")
                .then().statusCode(200).extract().jsonPath();

        assertThat(google.getBoolean("enabled")).isFalse();
        assertThat(google.getBoolean("storeToken")).isTrue();
        assertThat(google.getBoolean("addReadTokenRoleOnCreate")).isTrue();
        String loginPage = new ChatGpt(keycloak).authorize(TestCallbacks.APPROVED, "no-google", SCOPE).asString();
        assertThat(Jsoup.parse(loginPage).getElementById("social-google")).isNull();
        assertThat(Jsoup.parse(loginPage).getElementById("social-" + upstream.alias())).as("an enabled provider is shown").isNotNull();
    }

    /**
     * The provider's tokens are stored for the service, not for ChatGPT: the GPT's token carries neither the broker's
     * read-token role nor its audience and is refused at the broker token endpoint; the API, exchanging that token
     * with its own client and secret (agenda-api), reads them.
     */
    @Test
    void aUserSignsInThroughTheProviderAndOnlyTheServiceReadsTheStoredToken() {
        ChatGpt chatGpt = new ChatGpt(keycloak);
        Callback callback = chatGpt.signInThrough(upstream.alias(), TestCallbacks.APPROVED, "brokered", SCOPE,
                upstream.username(), upstream.password());
        String accessToken = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("access_token");
        String brokerTokenUrl = keycloak.realmUrl() + "/broker/" + upstream.alias() + "/token";

        JsonPath claims = Jwt.claims(accessToken);
        assertThat(claims.getString("preferred_username")).isEqualTo(upstream.username());
        assertThat(claims.getList("resource_access.broker.roles", String.class)).as("the GPT's roles at the broker").isNullOrEmpty();
        assertThat(Jwt.audiences(accessToken)).doesNotContain("broker");
        Response refused = RestAssured.given().auth().oauth2(accessToken).get(brokerTokenUrl);
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);
        assertThat(refused.asString()).doesNotContain("access_token");

        // The same refusal for an exchange by the GPT's own client, or by the API's client without its secret.
        Response exchangedByGpt = exchange(keycloak.settings().clientId(), keycloak.settings().clientSecret(), accessToken);
        if (exchangedByGpt.statusCode() == 200) {
            assertThat(RestAssured.given().auth().oauth2(exchangedByGpt.jsonPath().getString("access_token")).get(brokerTokenUrl)
                    .statusCode()).as("a token the GPT exchanged for itself").isEqualTo(403);
        }
        assertThat(exchange("agenda-api", "wrong-" + keycloak.settings().webClientSecret(), accessToken).statusCode()).isEqualTo(401);

        // Positive control: the API's lookup, the exchange with its own client and secret, reads the stored token.
        Response exchanged = exchange("agenda-api", keycloak.settings().webClientSecret(), accessToken);
        assertThat(exchanged.statusCode()).as(exchanged.asString()).isEqualTo(200);
        Response stored = RestAssured.given().auth().oauth2(exchanged.jsonPath().getString("access_token")).get(brokerTokenUrl);
        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);
        assertThat(stored.jsonPath().getString("access_token")).isNotBlank();
    }

    /** A connector's token carries no broker role either, and the broker token endpoint refuses it. */
    @Test
    void aConnectorsTokenCannotReadStoredTokens() {
        String connectorToken = new McpConnector(keycloak).accessToken(StagedKeycloak.TEST_API_URL + "/mcp",
                McpConnector.ALL_SCOPES, keycloak.settings().demoUser(), keycloak.settings().demoPassword());

        assertThat(Jwt.claims(connectorToken).getList("resource_access.broker.roles", String.class)).isNullOrEmpty();
        assertThat(RestAssured.given().auth().oauth2(connectorToken).get(keycloak.realmUrl() + "/broker/" + upstream.alias() + "/token")
                .statusCode()).isEqualTo(403);
    }

    private Response exchange(String clientId, String secret, String subjectToken) {
        return RestAssured.given().auth().preemptive().basic(clientId, secret)
                .formParams(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", subjectToken,
                        "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                        "requested_token_type", "urn:ietf:params:oauth:token-type:access_token"))
                .post(keycloak.tokenUrl());
    }

    @Test
    void kcIdpHintSendsTheUserStraightToTheProvider() {
        Response response = new ChatGpt(keycloak).authorize(TestCallbacks.APPROVED, "hint", SCOPE,
                Map.of("kc_idp_hint", upstream.alias()));

        assertThat(response.statusCode()).as(response.asString()).isIn(302, 303);
        assertThat(response.header("Location")).startsWith(upstream.brokerLoginUrl(keycloak));
    }

    /** The README's recipe: a copy of the browser flow whose Identity Provider Redirector names the provider. */
    @Test
    void aGptClientCanSendItsUsersStraightToTheProvider() {
        String flowAlias = "browser-" + upstream.alias();
        admin.admin().body(Map.of("newName", flowAlias))
                .post(admin.realmAdminUrl() + "/authentication/flows/browser/copy").then().statusCode(201);
        String redirector = admin.admin().get(admin.realmAdminUrl() + "/authentication/flows/" + flowAlias + "/executions")
                .then().statusCode(200).extract().jsonPath()
                .getString("find { it.providerId == 'identity-provider-redirector' }.id");
        admin.admin().body(Map.of("alias", flowAlias + "-redirect", "config", Map.of("defaultProvider", upstream.alias())))
                .post(admin.realmAdminUrl() + "/authentication/executions/" + redirector + "/config").then().statusCode(201);
        String flowId = admin.admin().get(admin.realmAdminUrl() + "/authentication/flows").then().statusCode(200)
                .extract().jsonPath().getString("find { it.alias == '" + flowAlias + "' }.id");

        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> {
            representation.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
            return representation;
        });
        Response viaOverride = new ChatGpt(keycloak, client.clientId(), client.secret()).authorize(TestCallbacks.APPROVED, "redirected", SCOPE);
        Response realmClient = new ChatGpt(keycloak).authorize(TestCallbacks.APPROVED, "login-page", SCOPE);

        assertThat(viaOverride.statusCode()).isIn(302, 303);
        assertThat(viaOverride.header("Location")).startsWith(upstream.brokerLoginUrl(keycloak));
        assertThat(realmClient.statusCode()).as("other clients still see the login page").isEqualTo(200);
    }
}
