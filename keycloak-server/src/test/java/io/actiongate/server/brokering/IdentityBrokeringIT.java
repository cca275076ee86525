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

    @Test
    void aUserSignsInThroughTheProviderAndItsTokenIsStored() {
        ChatGpt chatGpt = new ChatGpt(keycloak);
        Callback callback = chatGpt.signInThrough(upstream.alias(), TestCallbacks.APPROVED, "brokered", SCOPE,
                upstream.username(), upstream.password());
        String accessToken = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("access_token");

        JsonPath claims = Jwt.claims(accessToken);
        assertThat(claims.getString("preferred_username")).isEqualTo(upstream.username());
        assertThat(claims.getList("resource_access.broker.roles", String.class)).contains("read-token");
        Response stored = RestAssured.given().auth().oauth2(accessToken)
                .get(keycloak.realmUrl() + "/broker/" + upstream.alias() + "/token");
        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);
        assertThat(stored.jsonPath().getString("access_token")).isNotBlank();
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
