package io.actiongate.agenda;

import static io.restassured.RestAssured.given;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/** Real access tokens from the staged Keycloak, for the API tests. */
final class Tokens {

    private static final StagedKeycloak KEYCLOAK = StagedKeycloak.shared();
    private static final KeycloakAdmin ADMIN = new KeycloakAdmin(KEYCLOAK);

    private Tokens() {
    }

    /** The GPT Action's token for a user, obtained exactly as ChatGPT obtains it. */
    static String viaGptAction(String username, String password) {
        ChatGpt chatGpt = new ChatGpt(KEYCLOAK);
        ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, UUID.randomUUID().toString(),
                "openid offline_access", username, password);
        return chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("access_token");
    }

    static String demoUser() {
        return viaGptAction(KEYCLOAK.settings().demoUser(), KEYCLOAK.settings().demoPassword());
    }

    /** A new user of the realm and its GPT Action token. */
    static String newUser() {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String password = RealmSettings.randomSecret();
        ADMIN.createUser(username, password);
        return viaGptAction(username, password);
    }

    /** The MCP server's resource identifier for the in-process API (its %test public URL). */
    static final String MCP_RESOURCE = StagedKeycloak.TEST_API_URL + "/mcp";

    /** A ChatGPT connector's token for a user, with the given scopes, obtained as ChatGPT obtains it. */
    static String viaMcpConnector(String username, String password, String scope) {
        return new McpConnector(KEYCLOAK).accessToken(MCP_RESOURCE, scope, username, password);
    }

    /** A new user of the realm; returns its name (its password is {@link #NEW_USER_PASSWORD}). */
    static String newUsername() {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        ADMIN.createUser(username, NEW_USER_PASSWORD);
        return username;
    }

    static final String NEW_USER_PASSWORD = RealmSettings.randomSecret();

    static KeycloakAdmin admin() {
        return ADMIN;
    }

    /**
     * A token from a test-only client with direct grants, marked as the kind of client ChatGPT uses (a GPT client,
     * or a connector for the MCP resource), so its tokens carry Keycloak's client-kind claim: with or without the
     * agenda-api audience, and with the given access token lifespan.
     */
    static String fromTestClient(boolean agendaAudience, int lifespanSeconds) {
        return fromTestClient(agendaAudience ? "agenda-api" : null, lifespanSeconds);
    }

    /** The same with any audience (null: none). */
    static String fromTestClient(String audience, int lifespanSeconds) {
        Map<String, String> kind = MCP_RESOURCE.equals(audience)
                ? Map.of("actiongate.gpt-client", "true", "actiongate.connector", "predefined")
                : Map.of("actiongate.gpt-client", "true");
        return fromClient(audience, lifespanSeconds, kind);
    }

    /** A token from a test-only client that is no GPT client or connector, with the given audience. */
    static String fromUnmarkedClient(String audience) {
        return fromClient(audience, 600, Map.of());
    }

    private static String fromClient(String audience, int lifespanSeconds, Map<String, String> kind) {
        String clientId = "test-client-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = RealmSettings.randomSecret();
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setSecret(secret);
        client.setPublicClient(false);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(true);
        Map<String, String> attributes = new java.util.HashMap<>(kind);
        attributes.put("access.token.lifespan", String.valueOf(lifespanSeconds));
        client.setAttributes(attributes);
        if (audience != null) {
            ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
            mapper.setName("audience");
            mapper.setProtocol("openid-connect");
            mapper.setProtocolMapper("oidc-audience-mapper");
            mapper.setConfig(Map.of("included.custom.audience", audience, "access.token.claim", "true"));
            client.setProtocolMappers(List.of(mapper));
        }
        ADMIN.createClient(client);
        return given().formParams(Map.of(
                        "grant_type", "password",
                        "client_id", clientId,
                        "client_secret", secret,
                        "username", KEYCLOAK.settings().demoUser(),
                        "password", KEYCLOAK.settings().demoPassword(),
                        "scope", "openid"))
                .post(KEYCLOAK.tokenUrl())
                .then().statusCode(200).extract().path("access_token");
    }
}
