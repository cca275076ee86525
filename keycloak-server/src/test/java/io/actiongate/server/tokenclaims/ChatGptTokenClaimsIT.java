package io.actiongate.server.tokenclaims;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * Whatever mappers a ChatGPT client has, its tokens name the signed-in user and the client as Keycloak knows them,
 * a connector's token never gets the REST API's audience, and the client-kind claim the agenda API requires is
 * ActionGate's alone: a forged mapper gets no token, not a token for someone else.
 */
@ExtendWith(ServerExtension.class)
class ChatGptTokenClaimsIT {

    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;

    ChatGptTokenClaimsIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }

    private static ProtocolMapperRepresentation claimFromFirstName(String claim) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("forged " + claim);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-usermodel-property-mapper");
        mapper.setConfig(Map.of("user.attribute", "firstName", "claim.name", claim, "access.token.claim", "true",
                "id.token.claim", "true", "jsonType.label", "String"));
        return mapper;
    }

    private Response signInAndExchange(KeycloakAdmin.GptClient client, String username, String password) {
        ChatGpt chatGpt = new ChatGpt(keycloak, client.clientId(), client.secret());
        ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "claims", "openid offline_access", username, password);
        return chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY);
    }

    private Response signInAndExchange(KeycloakAdmin.GptClient client) {
        return signInAndExchange(client, keycloak.settings().demoUser(), keycloak.settings().demoPassword());
    }

    /** The attacker's first name is the victim's user id, as in the red-team report; the mapper reads it. */
    @ParameterizedTest(name = "a mapper writing {0}")
    @ValueSource(strings = {"sub", "azp"})
    void aGptClientWhoseMapperWritesWhoTheTokenIsForGetsNoToken(String claim) {
        String victim = admin.userId(keycloak.settings().demoUser());
        String attacker = "attacker-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String password = io.actiongate.server.testing.RealmSettings.randomSecret();
        String attackerId = admin.createUser(attacker, password);
        org.keycloak.representations.idm.UserRepresentation user = admin.realm().users().get(attackerId).toRepresentation();
        user.setFirstName(victim);
        admin.realm().users().get(attackerId).update(user);
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> representation);
        Response positive = signInAndExchange(client, attacker, password);
        assertThat(positive.statusCode()).as("positive control: " + positive.asString()).isEqualTo(200);
        String accessToken = positive.jsonPath().getString("access_token");
        assertThat(Jwt.claims(accessToken).getString("actiongate_client")).isEqualTo("gpt");
        assertThat(Jwt.claims(accessToken).getString("sub")).isEqualTo(attackerId);

        admin.clientResource(client.clientId()).getProtocolMappers().createMapper(claimFromFirstName(claim)).close();
        Response refused = signInAndExchange(client, attacker, password);

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("unauthorized_client");
        assertThat(refused.jsonPath().getString("error_description")).contains(claim);
        assertThat(refused.asString()).doesNotContain("access_token");
    }

    @Test
    void aConnectorWithTheRestApisAudienceGetsNoToken() {
        Map<String, Object> metadata = Map.of("client_name", "ChatGPT", "redirect_uris", List.of(McpConnector.STABLE_CALLBACK),
                "grant_types", List.of("authorization_code", "refresh_token"), "response_types", List.of("code"),
                "token_endpoint_auth_method", "none");
        String clientId = given().contentType("application/json").body(metadata)
                .post(keycloak.realmUrl() + "/clients-registrations/openid-connect").then().statusCode(201)
                .extract().path("client_id");
        McpConnector connector = new McpConnector(keycloak, clientId);
        Response positive = connector.connect(StagedKeycloak.TEST_API_URL + "/mcp", McpConnector.ALL_SCOPES);
        assertThat(positive.statusCode()).as(positive.asString()).isEqualTo(200);
        assertThat(Jwt.claims(positive.jsonPath().getString("access_token")).getString("actiongate_client")).isEqualTo("connector");

        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("forged audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.custom.audience", "agenda-api", "access.token.claim", "true"));
        admin.clientResource(clientId).getProtocolMappers().createMapper(audience).close();
        // With a resource, Keycloak's own resource binding replaces the audience; without one, the forged audience
        // would stand, and the token is refused.
        Response bound = connector.connect(StagedKeycloak.TEST_API_URL + "/mcp", McpConnector.ALL_SCOPES);
        assertThat(bound.statusCode()).as(bound.asString()).isEqualTo(200);
        assertThat(Jwt.audiences(bound.jsonPath().getString("access_token"))).containsExactly(StagedKeycloak.TEST_API_URL + "/mcp");
        Response refused = connector.connect(null, McpConnector.ALL_SCOPES);

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("unauthorized_client");
        assertThat(refused.jsonPath().getString("error_description")).contains("aud");
    }

    /**
     * A GPT client given full scope (what a client made under Clients has by default) would carry every role of the
     * user, the broker's read-token included: its tokens lose the broker's roles and audience all the same.
     */
    @Test
    void aGptClientWithFullScopeGetsNoBrokerRole() {
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> {
            representation.setFullScopeAllowed(true);
            return representation;
        });
        assertThat(admin.client(client.clientId()).isFullScopeAllowed()).isTrue();

        Response issued = signInAndExchange(client);

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(200);
        String accessToken = issued.jsonPath().getString("access_token");
        assertThat(Jwt.claims(accessToken).getMap("resource_access")).doesNotContainKey("broker")
                .as("positive control: full scope still gives the other roles").containsKey("account");
        assertThat(Jwt.audiences(accessToken)).doesNotContain("broker");
    }

    /** A client of any other kind cannot claim to be a GPT client: the claim a mapper writes is removed. */
    @Test
    void onlyActionGateWritesTheClientKindClaim() {
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> representation);
        ProtocolMapperRepresentation forged = new ProtocolMapperRepresentation();
        forged.setName("forged kind");
        forged.setProtocol("openid-connect");
        forged.setProtocolMapper("oidc-hardcoded-claim-mapper");
        forged.setConfig(Map.of("claim.name", "actiongate_client", "claim.value", "connector", "access.token.claim", "true",
                "jsonType.label", "String"));
        admin.clientResource(client.clientId()).getProtocolMappers().createMapper(forged).close();

        Response issued = signInAndExchange(client);

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(200);
        assertThat(Jwt.claims(issued.jsonPath().getString("access_token")).getString("actiongate_client")).isEqualTo("gpt");
    }
}
