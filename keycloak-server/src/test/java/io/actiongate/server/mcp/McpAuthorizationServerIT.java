package io.actiongate.server.mcp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The authorization server side of ChatGPT apps and MCP connectors, on the staged Keycloak: discovery where MCP
 * clients look, the predefined connector client (PKCE S256, consent, offline refresh), and RFC 8707 resource
 * indicators binding the token's audience to the MCP server.
 */
@ExtendWith(ServerExtension.class)
class McpAuthorizationServerIT {

    private static final String RESOURCE = StagedKeycloak.TEST_API_URL + "/mcp";

    private final KeycloakUnderTest keycloak;
    private final McpConnector connector;
    private final KeycloakAdmin admin;

 
    McpAuthorizationServerIT(KeycloakUnderTest keycloak, McpConnector connector, KeycloakAdmin admin) {
        this.admin = admin;
        this.keycloak = keycloak;
        this.connector = connector;
    }
   @Test
    void discoveryAnswersWhereverMcpClientsLookAndNamesOneIssuer() {
        List<String> places = List.of(
                keycloak.baseUrl() + "/.well-known/oauth-authorization-server/realms/gpt",
                keycloak.baseUrl() + "/.well-known/openid-configuration/realms/gpt",
                keycloak.realmUrl() + "/.well-known/openid-configuration");
        for (String place : places) {
            JsonPath metadata = given().get(place).then().statusCode(200).extract().jsonPath();
            assertThat(metadata.getString("issuer")).as(place).isEqualTo(keycloak.realmUrl());
            assertThat(metadata.getList("code_challenge_methods_supported")).as(place).contains("S256");
            assertThat(metadata.getBoolean("authorization_response_iss_parameter_supported")).as(place).isTrue();
            assertThat(metadata.getString("token_endpoint")).as(place).isEqualTo(keycloak.tokenUrl());
        }
        // A realm that does not exist is still a 404, also at the new place.
        given().get(keycloak.baseUrl() + "/.well-known/openid-configuration/realms/nope").then().statusCode(404);
        given().get(keycloak.baseUrl() + "/.well-known/not-a-provider/realms/gpt").then().statusCode(404);
    }

    @Test
    void theConnectorsTokenIsForTheMcpServerOnlyAndItsRefreshKeepsThat() {
        Response tokens = connector.connect(RESOURCE, McpConnector.ALL_SCOPES);
        tokens.then().statusCode(200);
        String access = tokens.path("access_token");
        assertThat(Jwt.audiences(access)).containsExactly(RESOURCE);
        assertThat(Jwt.claims(access).getString("scope").split(" ")).contains("agenda:read", "agenda:write");
        assertThat(Jwt.claims(access).getString("azp")).isEqualTo(McpConnector.CLIENT_ID);
        String refresh = tokens.path("refresh_token");
        assertThat(Jwt.claims(refresh).getString("typ")).isEqualTo("Offline");

        // ChatGPT sends resource again on the refresh; a client that does not still gets the same audience.
        for (String resource : new String[] {RESOURCE, null}) {
            Response refreshed = connector.refresh(refresh, resource);
            refreshed.then().statusCode(200);
            assertThat(Jwt.audiences(refreshed.path("access_token"))).as("refresh with resource " + resource)
                    .containsExactly(RESOURCE);
            refresh = refreshed.path("refresh_token");
        }
    }

    /** Well-formed resources that are not the MCP server: refused at the token endpoint, no token issued. */
    @ParameterizedTest
    @ValueSource(strings = {
            "https://agenda.example.test/mcp/",          // not byte for byte the registered resource
            "https://agenda.example.test",               // the API, not its MCP server
            "https://evil.example/mcp",                  // another server
            "urn:client:agenda-gpt"})                    // another client, by URN
    void aResourceThatIsNotTheMcpServerIsInvalidTarget(String resource) {
        Response token = connector.connect(resource, McpConnector.ALL_SCOPES);
        token.then().statusCode(400);
        assertThat(token.jsonPath().getString("error")).as(resource).isEqualTo("invalid_target");
        assertThat(token.jsonPath().getString("error_description")).as(resource).isNotBlank();
    }

    /** Malformed resources (RFC 8707 2: absolute, no query, no fragment): refused before the login page. */
    @ParameterizedTest
    @ValueSource(strings = {"https://agenda.example.test/mcp?x=1", "https://agenda.example.test/mcp#f", "agenda-mcp-server"})
    void aMalformedResourceIsRefusedAtTheAuthorizationEndpoint(String resource) {
        Response refused = connector.authorize(Map.of("code_challenge", McpConnector.challenge("v".repeat(43)),
                "code_challenge_method", "S256", "resource", resource));

        assertThat(refused.statusCode()).as(resource).isEqualTo(302);
        assertThat(refused.header("Location")).as(resource).startsWith(McpConnector.STABLE_CALLBACK)
                .contains("error=invalid_target").doesNotContain("code=");
    }

    @Test
    void withoutTheAgendaScopesNoTokenIsIssuedForTheMcpServer() {
        Response token = connector.connect(RESOURCE, "email");
        token.then().statusCode(400);
        assertThat(token.jsonPath().getString("error")).isEqualTo("invalid_target");
    }

    @Test
    void aRefreshCannotMoveTheTokenToAnotherResource() {
        String refresh = connector.connect(RESOURCE, McpConnector.ALL_SCOPES).then().statusCode(200).extract().path("refresh_token");

        Response moved = connector.refresh(refresh, "https://evil.example/mcp");

        moved.then().statusCode(400);
        assertThat(moved.jsonPath().getString("error")).isEqualTo("invalid_target");
    }

    /**
     * An online session (no offline_access) remembers the authorization request's resource, and Keycloak's own
     * processor binds the refresh to it; ActionGate's must not get in its way (it did: invalid_target).
     */
    @Test
    void anOnlineRefreshStaysBoundToo() {
        String clientId = "mcp-online-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        admin.createClientLike(McpConnector.CLIENT_ID, clientId, null, client -> {
            client.setDefaultClientScopes(List.of("basic", "profile", "acr"));
            client.setOptionalClientScopes(List.of("agenda:read", "agenda:write"));
            return client;
        });
        McpConnector online = new McpConnector(keycloak, clientId);
        String refresh = online.connect(RESOURCE, McpConnector.ALL_SCOPES).then().statusCode(200).extract().path("refresh_token");
        assertThat(Jwt.claims(refresh).getString("typ")).isEqualTo("Refresh");

        Response refreshed = online.refresh(refresh, RESOURCE);

        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        assertThat(Jwt.audiences(refreshed.path("access_token"))).containsExactly(RESOURCE);
        assertThat(online.refresh(refreshed.path("refresh_token"), "https://evil.example/mcp").jsonPath().getString("error"))
                .isEqualTo("invalid_target");
    }

    @Test
    void aGptActionClientCannotObtainAnMcpToken() {
        ChatGpt gpt = new ChatGpt(keycloak);
        ChatGpt.Callback callback = gpt.signIn(TestCallbacks.APPROVED, "gpt-resource", "openid offline_access",
                Map.of("resource", RESOURCE), keycloak.settings().demoUser(), keycloak.settings().demoPassword());

        Response token = gpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY,
                Map.of("resource", RESOURCE));

        token.then().statusCode(400);
        assertThat(token.jsonPath().getString("error")).isEqualTo("invalid_target");
        // Positive control: the same GPT without resource gets its agenda-api token.
        ChatGpt.Callback again = gpt.signIn(TestCallbacks.APPROVED, "gpt-plain", "openid offline_access");
        String access = gpt.exchangeCode(again.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("access_token");
        assertThat(Jwt.audiences(access)).contains("agenda-api").doesNotContain(RESOURCE);
    }

    @Test
    void theConnectorClientRequiresPkceS256() {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        // Positive control: S256 reaches the login page.
        connector.authorize(Map.of("code_challenge", McpConnector.challenge(verifier), "code_challenge_method", "S256",
                "resource", RESOURCE)).then().statusCode(200);

        for (Map<String, String> pkce : List.of(
                Map.of("resource", RESOURCE),
                Map.of("code_challenge", verifier, "code_challenge_method", "plain", "resource", RESOURCE))) {
            Response refused = connector.authorize(pkce);
            assertThat(refused.statusCode()).as(pkce.toString()).isEqualTo(302);
            assertThat(refused.header("Location")).as(pkce.toString())
                    .startsWith(McpConnector.STABLE_CALLBACK).contains("error=invalid_request").doesNotContain("code=");
        }
    }

    @Test
    void onlyApprovedConnectorCallbacksSignIn() {
        // Positive control: the stable callback is approved by default.
        connector.authorize(Map.of("code_challenge", McpConnector.challenge("x".repeat(43)), "code_challenge_method", "S256"))
                .then().statusCode(200);

        Response other = connector.authorize("https://chatgpt.com/connector/oauth/notApproved123",
                Map.of("code_challenge", McpConnector.challenge("x".repeat(43)), "code_challenge_method", "S256"));

        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.header("Location")).isNull();
    }
}
