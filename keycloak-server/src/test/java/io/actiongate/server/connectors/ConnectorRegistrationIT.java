package io.actiongate.server.connectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.GptClientsPage;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.StagedKeycloak;
import io.restassured.response.Response;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anonymous dynamic client registration (RFC 7591) for ChatGPT's connectors: what ChatGPT (and the MCP SDK) sends
 * registers a public PKCE client that signs in and gets a token for the MCP server; every other registration is
 * refused with the RFC 7591 error naming what, and nothing is created.
 */
@ExtendWith(ServerExtension.class)
class ConnectorRegistrationIT {

    private static final String CALLBACK = McpConnector.STABLE_CALLBACK;

    private final KeycloakUnderTest keycloak;
    private final KeycloakAdmin admin;
    private final String registration;

  
    ConnectorRegistrationIT(KeycloakUnderTest keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
        this.registration = keycloak.realmUrl() + "/clients-registrations/openid-connect";
    }
  /** What the MCP SDK's client sends (and ChatGPT, falling back from a metadata document). */
    private static Map<String, Object> connectorMetadata() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("client_name", "ChatGPT");
        metadata.put("redirect_uris", List.of(CALLBACK, "https://chatgpt.com/connector/oauth/IbUR3zxyNQ16"));
        metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
        metadata.put("response_types", List.of("code"));
        metadata.put("token_endpoint_auth_method", "none");
        metadata.put("client_uri", "https://chatgpt.com/");
        return metadata;
    }

    private Response register(Map<String, Object> metadata) {
        return given().contentType("application/json").body(metadata).post(registration);
    }

    @Test
    void aConnectorRegistersWithoutATokenAndSignsIn() {
        Response registered = register(connectorMetadata());

        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(201);
        String clientId = registered.jsonPath().getString("client_id");
        assertThat(registered.jsonPath().getString("client_secret")).as("no secret handed out").isNull();
        assertThat(registered.jsonPath().getString("token_endpoint_auth_method")).isEqualTo("none");
        assertThat(registered.jsonPath().getString("registration_access_token")).isNotBlank();

        ClientRepresentation client = admin.client(clientId);
        assertThat(client.isPublicClient()).isTrue();
        assertThat(client.isConsentRequired()).isTrue();
        assertThat(client.isServiceAccountsEnabled()).isFalse();
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
        assertThat(client.getName()).isEqualTo("ChatGPT");
        assertThat(client.getRootUrl()).as("display URLs dropped").isNull();
        assertThat(client.getDefaultClientScopes()).containsExactlyInAnyOrder("basic", "acr", "profile", "offline_access");
        assertThat(client.getOptionalClientScopes()).containsExactlyInAnyOrder("agenda:read", "agenda:write");
        Map<String, String> attributes = client.getAttributes();
        assertThat(attributes).containsEntry("pkce.code.challenge.method", "S256")
                .containsEntry("actiongate.connector", "dcr")
                .containsEntry("actiongate.callbacks", CALLBACK + ",https://chatgpt.com/connector/oauth/IbUR3zxyNQ16");

        // The console's GPT clients page lists it, saying how it came to be.
        assertThat(GptClientsPage.field(new GptClientsPage(admin).entry(clientId), "connector")).singleElement().asString()
                .startsWith("MCP connector that registered itself");

        // It signs the user in through the real pages and gets a token for the MCP server, bound to it.
        McpConnector connector = new McpConnector(keycloak, clientId);
        Response token = connector.connect(StagedKeycloak.TEST_API_URL + "/mcp", McpConnector.ALL_SCOPES);
        assertThat(token.statusCode()).as(token.asString()).isEqualTo(200);
        assertThat(Jwt.audiences(token.jsonPath().getString("access_token"))).containsExactly(StagedKeycloak.TEST_API_URL + "/mcp");
        assertThat(token.jsonPath().getString("scope")).contains("agenda:read", "agenda:write", "offline_access");
        // Refreshes stay bound to the MCP server, for as long as the offline session lives.
        String refreshToken = token.jsonPath().getString("refresh_token");
        assertThat(Jwt.claims(refreshToken).getString("typ")).isEqualTo("Offline");
        Response refreshed = connector.refresh(refreshToken, StagedKeycloak.TEST_API_URL + "/mcp");
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        assertThat(Jwt.audiences(refreshed.jsonPath().getString("access_token"))).containsExactly(StagedKeycloak.TEST_API_URL + "/mcp");
        assertThat(connector.refresh(refreshed.jsonPath().getString("refresh_token"), "https://elsewhere.example/mcp")
                .jsonPath().getString("error")).isEqualTo("invalid_target");
        // PKCE is required: the same authorization request without it is refused.
        Response withoutPkce = connector.authorize(Map.of());
        assertThat(withoutPkce.statusCode()).isIn(302, 400);
        if (withoutPkce.statusCode() == 302) {
            assertThat(withoutPkce.header("Location")).contains("error=invalid_request").doesNotContain("code=");
        }
    }

    static Stream<Arguments> hostileRegistrations() {
        return Stream.of(
                Arguments.of("a redirect URI elsewhere", Map.of("redirect_uris", List.of("https://evil.example/callback")),
                        "invalid_redirect_uri", "evil.example"),
                Arguments.of("a connector callback beside one elsewhere", Map.of("redirect_uris", List.of(CALLBACK, "https://evil.example/cb")),
                        "invalid_redirect_uri", "evil.example"),
                Arguments.of("a GPT Action callback", Map.of("redirect_uris", List.of("https://chatgpt.com/aip/g-abc123/oauth/callback")),
                        "invalid_redirect_uri", "not a ChatGPT connector callback"),
                Arguments.of("a look-alike host", Map.of("redirect_uris", List.of("https://chatgpt.com.evil.example/connector_platform_oauth_redirect")),
                        "invalid_redirect_uri", "not a ChatGPT connector callback"),
                Arguments.of("no redirect URI", Map.of("redirect_uris", List.of()), "invalid_redirect_uri", "redirect_uris"),
                Arguments.of("a confidential client asking for a secret", Map.of("token_endpoint_auth_method", "client_secret_basic"),
                        "invalid_client_metadata", "token_endpoint_auth_method must be none"),
                Arguments.of("private_key_jwt with a jwks_uri", Map.of("token_endpoint_auth_method", "private_key_jwt",
                        "jwks_uri", "https://evil.example/jwks.json"), "invalid_client_metadata", "token_endpoint_auth_method"),
                Arguments.of("client_credentials", Map.of("grant_types", List.of("authorization_code", "client_credentials")),
                        "invalid_client_metadata", "grant_types"),
                Arguments.of("the password grant", Map.of("grant_types", List.of("authorization_code", "password")),
                        "invalid_client_metadata", "grant_types"),
                Arguments.of("the implicit flow", Map.of("grant_types", List.of("implicit"), "response_types", List.of("token")),
                        "invalid_client_metadata", "grant_types"),
                Arguments.of("the device grant", Map.of("grant_types", List.of("authorization_code", "urn:ietf:params:oauth:grant-type:device_code")),
                        "invalid_client_metadata", "grant_types"),
                Arguments.of("a scope outside the connector scopes", Map.of("scope", "agenda:read phone"),
                        "invalid_client_metadata", "scope 'phone'"),
                Arguments.of("a jwks_uri Keycloak would fetch", Map.of("jwks_uri", "http://127.0.0.1:1/jwks.json"),
                        "invalid_client_metadata", "jwks_uri"),
                Arguments.of("request_uris Keycloak would fetch", Map.of("request_uris", List.of("https://evil.example/request.jwt")),
                        "invalid_client_metadata", "request_uris"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRegistrations")
    void everyOtherRegistrationIsRefusedAndCreatesNothing(String what, Map<String, Object> change, String error, String named) {
        Map<String, Object> metadata = connectorMetadata();
        metadata.putAll(change);
        String name = "hostile-" + Math.abs(what.hashCode());
        metadata.put("client_name", name);
        int clientsBefore = clientCount();

        Response refused = register(metadata);

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("error")).isEqualTo(error);
        assertThat(refused.jsonPath().getString("error_description")).contains(named);
        assertThat(clientCount()).as("nothing created").isEqualTo(clientsBefore);
    }

    /** A pairwise subject with a sector_identifier_uri would make Keycloak fetch that URL for anyone: refused first. */
    @Test
    void aSectorIdentifierUriIsRefusedWithoutBeingFetched() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            Map<String, Object> metadata = connectorMetadata();
            metadata.put("subject_type", "pairwise");
            metadata.put("sector_identifier_uri", "http://127.0.0.1:" + server.getAddress().getPort() + "/sector.json");

            Response refused = register(metadata);

            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error")).isEqualTo("invalid_client_metadata");
            assertThat(refused.jsonPath().getString("error_description")).contains("sector_identifier_uri");
            assertThat(fetched.get()).as("requests to the sector identifier URI").isZero();
        } finally {
            server.stop(0);
        }
    }

    /** The registration access token cannot widen what was registered. */
    @Test
    void anUpdateIsHeldToTheSameRules() {
        Response registered = register(connectorMetadata());
        registered.then().statusCode(201);
        String clientId = registered.jsonPath().getString("client_id");
        String token = registered.jsonPath().getString("registration_access_token");
        Map<String, Object> update = connectorMetadata();
        update.put("client_id", clientId);
        update.put("redirect_uris", List.of("https://evil.example/callback"));

        Response refused = given().auth().oauth2(token).contentType("application/json").body(update)
                .put(registration + "/" + clientId);

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("invalid_redirect_uri");
        assertThat(admin.admin().get(admin.realmAdminUrl() + "/clients/" + admin.clientUuid(clientId)).jsonPath()
                .getList("redirectUris", String.class)).doesNotContain("https://evil.example/callback");
    }

    /** Keycloak's Max Clients policy still bounds how many clients anonymous registrations can make. */
    @Test
    void registrationsStopAtTheMaximum() {
        Map<String, Object> maxClients = admin.admin().queryParam("type", "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy")
                .get(admin.realmAdminUrl() + "/components").jsonPath().<Map<String, Object>>getList("").stream()
                .filter(component -> "max-clients".equals(component.get("providerId")) && "anonymous".equals(component.get("subType")))
                .findFirst().orElseThrow();
        String url = admin.realmAdminUrl() + "/components/" + maxClients.get("id");
        Map<String, Object> limited = new HashMap<>(maxClients);
        limited.put("config", Map.of("max-clients", List.of(String.valueOf(clientCount() + 1))));
        admin.admin().body(limited).put(url).then().statusCode(204);
        try {
            register(connectorMetadata()).then().statusCode(201); // positive control: one more fits
            Response refused = register(connectorMetadata());
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);
        } finally {
            admin.admin().body(maxClients).put(url).then().statusCode(204);
        }
    }

    private int clientCount() {
        return admin.admin().queryParam("max", 10_000).get(admin.realmAdminUrl() + "/clients").jsonPath().getList("").size();
    }
}
