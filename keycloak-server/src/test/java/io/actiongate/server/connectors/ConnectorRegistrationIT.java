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

    /**
     * What the official MCP SDK sends when the server names its scopes: a scope field, to which Keycloak adds the
     * default scope "basic" itself before the policies see the client.
     */
    @Test
    void aRegistrationNamingTheConnectorScopesIsAccepted() {
        Map<String, Object> metadata = connectorMetadata();
        metadata.put("scope", "agenda:read agenda:write");

        Response registered = register(metadata);

        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(201);
        ClientRepresentation client = admin.client(registered.jsonPath().getString("client_id"));
        assertThat(client.getDefaultClientScopes()).containsExactlyInAnyOrder("basic", "acr", "profile", "offline_access");
        assertThat(client.getOptionalClientScopes()).containsExactlyInAnyOrder("agenda:read", "agenda:write");
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
                Arguments.of("a null redirect URI", Map.of("redirect_uris", java.util.Arrays.asList((String) null)),
                        "invalid_redirect_uri", "not a ChatGPT connector callback"),
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
                        "invalid_client_metadata", "request_uris"),
                Arguments.of("a client id of its choosing", Map.of("client_id", "https://chatgpt.com/oauth/x/client.json"),
                        "invalid_client_metadata", "Client Identifier"),
                Arguments.of("a pairwise subject (a mapper writing sub)", Map.of("subject_type", "pairwise"),
                        "invalid_client_metadata", "subject_type"),
                Arguments.of("a logout URL", Map.of("post_logout_redirect_uris", List.of("https://evil.example/")),
                        "invalid_client_metadata", "post_logout_redirect_uris"),
                Arguments.of("a back-channel logout URL", Map.of("backchannel_logout_uri", "https://evil.example/"),
                        "invalid_client_metadata", "backchannel_logout_uri"),
                Arguments.of("pushed requests switched on", Map.of("require_pushed_authorization_requests", true),
                        "invalid_client_metadata", "require_pushed_authorization_requests"),
                Arguments.of("a name longer than the database's column", Map.of("client_name", "n".repeat(300)),
                        "invalid_client_metadata", "client_name is longer than 200"),
                Arguments.of("a thousand redirect URIs", Map.of("redirect_uris", java.util.Collections.nCopies(1000, CALLBACK)),
                        "invalid_client_metadata", "redirect_uris may have at most 20"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRegistrations")
    void everyOtherRegistrationIsRefusedAndCreatesNothing(String what, Map<String, Object> change, String error, String named) {
        Map<String, Object> metadata = connectorMetadata();
        metadata.putAll(change);
        if (!change.containsKey("client_name")) {
            metadata.put("client_name", "hostile-" + Math.abs(what.hashCode()));
        }
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

    /**
     * A client whose own mapper writes {@code sub} from a field the user controls (their first name set to a victim's
     * id) and {@code aud} for the REST API: through Keycloak's own registration endpoints, refused outright (a
     * connector never uses them), and nothing is created; the OpenID Connect endpoint takes no mappers at all.
     */
    static Stream<Arguments> otherRegistrationEndpoints() {
        Map<String, Object> forged = new HashMap<>();
        forged.put("clientId", "https://chatgpt.com/oauth/squatted/client.json");
        forged.put("publicClient", true);
        forged.put("redirectUris", List.of(CALLBACK));
        forged.put("protocolMappers", List.of(
                Map.of("name", "forged sub", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-property-mapper",
                        "config", Map.of("user.attribute", "firstName", "claim.name", "sub", "access.token.claim", "true",
                                "id.token.claim", "true", "userinfo.token.claim", "true", "jsonType.label", "String")),
                Map.of("name", "forged aud", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", "agenda-api", "access.token.claim", "true"))));
        String saml = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://evil.example/saml\">"
                + "<SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
                + "Location=\"https://evil.example/acs\" index=\"1\"/></SPSSODescriptor></EntityDescriptor>";
        return Stream.of(Arguments.of("default", "application/json", forged),
                Arguments.of("saml2-entity-descriptor", "application/xml", saml));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherRegistrationEndpoints")
    void keycloaksOtherRegistrationEndpointsRefuseAnonymousCallers(String endpoint, String contentType, Object body) {
        int clientsBefore = clientCount();

        Response refused = given().contentType(contentType).body(body)
                .post(keycloak.realmUrl() + "/clients-registrations/" + endpoint);

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);
        assertThat(refused.asString()).doesNotContain("Exception");
        assertThat(clientCount()).as("nothing created").isEqualTo(clientsBefore);
        assertThat(admin.admin().queryParam("clientId", "https://chatgpt.com/oauth/squatted/client.json")
                .get(admin.realmAdminUrl() + "/clients").jsonPath().getList("")).isEmpty();
        // Positive control: the OpenID Connect endpoint still registers a connector.
        assertThat(register(connectorMetadata()).statusCode()).isEqualTo(201);
    }

    /**
     * The registration access token cannot add mappers either: not through Keycloak's own endpoint, not as a pairwise
     * subject; a genuine update is accepted and the client keeps a connector's shape (no mappers, its scopes only).
     */
    @Test
    void anUpdateCannotAddMappersAndKeepsTheConnectorsShape() {
        Response registered = register(connectorMetadata());
        registered.then().statusCode(201);
        String clientId = registered.jsonPath().getString("client_id");
        String token = registered.jsonPath().getString("registration_access_token");

        Map<String, Object> viaDefault = new HashMap<>();
        viaDefault.put("clientId", clientId);
        viaDefault.put("publicClient", true);
        viaDefault.put("redirectUris", List.of(CALLBACK));
        viaDefault.put("fullScopeAllowed", true);
        viaDefault.put("defaultClientScopes", List.of("roles", "email"));
        viaDefault.put("protocolMappers", List.of(Map.of("name", "forged sub", "protocol", "openid-connect",
                "protocolMapper", "oidc-usermodel-property-mapper",
                "config", Map.of("user.attribute", "firstName", "claim.name", "sub", "access.token.claim", "true"))));
        Response refusedDefault = given().auth().oauth2(token).contentType("application/json").body(viaDefault)
                .put(keycloak.realmUrl() + "/clients-registrations/default/" + clientId);
        assertThat(refusedDefault.statusCode()).as(refusedDefault.asString()).isEqualTo(403);

        Map<String, Object> pairwise = connectorMetadata();
        pairwise.put("client_id", clientId);
        pairwise.put("subject_type", "pairwise");
        Response refusedPairwise = given().auth().oauth2(token).contentType("application/json").body(pairwise)
                .put(registration + "/" + clientId);
        assertThat(refusedPairwise.statusCode()).as(refusedPairwise.asString()).isEqualTo(400);
        assertThat(refusedPairwise.jsonPath().getString("error_description")).contains("subject_type");

        ClientRepresentation client = admin.client(clientId);
        assertThat(client.getProtocolMappers()).as("mappers after the refused updates").isNullOrEmpty();
        assertThat(client.isFullScopeAllowed()).isFalse();

        // Positive control: a genuine update (a new name) is accepted, and the shape is applied again.
        Map<String, Object> renamed = connectorMetadata();
        renamed.put("client_id", clientId);
        renamed.put("client_name", "ChatGPT renamed");
        Response updated = given().auth().oauth2(token).contentType("application/json").body(renamed)
                .put(registration + "/" + clientId);
        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
        client = admin.client(clientId);
        assertThat(client.getName()).isEqualTo("ChatGPT renamed");
        assertThat(client.getProtocolMappers()).isNullOrEmpty();
        assertThat(client.getDefaultClientScopes()).containsExactlyInAnyOrder("basic", "acr", "profile", "offline_access");
        assertThat(client.getOptionalClientScopes()).containsExactlyInAnyOrder("agenda:read", "agenda:write");
    }

    /** Refused registrations, which made Keycloak log a stack trace each (a name too long for its column), log nothing. */
    @Test
    void refusedRegistrationsFillNoLog() throws Exception {
        java.nio.file.Path log = ((StagedKeycloak) keycloak).log();
        long before = java.nio.file.Files.readAllLines(log).size();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> metadata = connectorMetadata();
            metadata.put("client_name", "n".repeat(300 + i));
            register(metadata).then().statusCode(400);
            Map<String, Object> viaDefault = Map.of("clientId", "x" + i, "protocolMappers", List.of());
            given().contentType("application/json").body(viaDefault)
                    .post(keycloak.realmUrl() + "/clients-registrations/default").then().statusCode(403);
        }
        List<String> added = java.nio.file.Files.readAllLines(log).stream().skip(before).toList();
        assertThat(added).as("log lines for 40 refused registrations").hasSizeLessThanOrEqualTo(2);
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
