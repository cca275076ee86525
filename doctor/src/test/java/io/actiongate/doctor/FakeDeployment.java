package io.actiongate.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small deployment that is not ActionGate and does everything right, on one {@link StaticHttpsServer}: an OAuth
 * server at tools.example.com/realms/fake (discovery, a login form, codes bound to the PKCE challenge, a token
 * endpoint taking the secret in the body or a Basic header, offline refresh tokens, RFC 8414 metadata with S256 and
 * iss, DCR with RFC 7592 delete), and at api.example.com an API with its OpenAPI document, an MCP server and a
 * plugin manifest. The doctor passes it; each of OtherServersIT's cases replaces one answer with a wrong one.
 */
final class FakeDeployment implements AutoCloseable {

    static final String CLIENT_ID = "fake-client";
    static final String CLIENT_SECRET = "fake-secret-value";
    static final String USER = "fake-user";
    static final String PASSWORD = "fake-password";
    static final String CALLBACK = "https://chatgpt.com/aip/g-fakegpt/oauth/callback";
    static final String PRM_PATH = "/.well-known/oauth-protected-resource/mcp";
    static final String AS_METADATA_PATH = "/.well-known/oauth-authorization-server/realms/fake";
    static final String DISCOVERY_PATH = "/realms/fake/.well-known/openid-configuration";
    static final String MANIFEST_PATH = "/.well-known/ai-plugin.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    final StaticHttpsServer server;
    final String base;
    final String issuer;
    final String api;
    final String mcp;

    private FakeDeployment(StaticHttpsServer server) {
        this.server = server;
        this.base = server.url();
        this.issuer = base + "/realms/fake";
        this.api = server.url("api.example.com");
        this.mcp = api + "/mcp";
    }

    static FakeDeployment start() throws Exception {
        FakeDeployment fake = new FakeDeployment(StaticHttpsServer.start());
        fake.serveAll();
        return fake;
    }

    private void serveAll() {
        server.answer(DISCOVERY_PATH, 200, "application/json", json(discovery()));
        server.answer(AS_METADATA_PATH, 200, "application/json", json(serverMetadata()));
        server.handle("/auth", request -> loginPage(request.query()));
        server.handle("/login", request -> request.form().get("username").equals(USER) && request.form().get("password").equals(PASSWORD)
                ? redirect(request.form().get("redirect_uri") + "?code=code." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        request.form().getOrDefault("code_challenge", "").getBytes(StandardCharsets.UTF_8))
                        + "&state=" + request.form().get("state") + "&iss=" + issuer)
                : loginPage(request.form()));
        server.handle("/token", this::token);
        server.handle("/register", request -> StaticHttpsServer.Answer.json(201, json(Map.of("client_id", "dcr-client",
                "registration_access_token", "registration-token", "registration_client_uri", base + "/register/dcr-client"))));
        server.handle("/register/dcr-client", request -> "DELETE".equals(request.method())
                && "Bearer registration-token".equals(request.header("Authorization"))
                ? new StaticHttpsServer.Answer(204, Map.of(), "") : StaticHttpsServer.Answer.json(401, "{\"error\":\"invalid_token\"}"));
        server.answer("/openapi.yaml", 200, "application/yaml", openApi());
        server.handle("/items", request -> request.header("Authorization") != null && request.header("Authorization").startsWith("Bearer ey")
                ? StaticHttpsServer.Answer.json(200, "[]")
                : new StaticHttpsServer.Answer(401, Map.of("WWW-Authenticate", "Bearer"), ""));
        String prm = json(Map.of("resource", mcp, "authorization_servers", List.of(issuer), "scopes_supported", List.of("items:read")));
        server.answer(PRM_PATH, 200, "application/json", prm);
        server.answer("/.well-known/oauth-protected-resource", 200, "application/json", prm);
        server.handle("/mcp", this::mcpMessage);
        server.answer(MANIFEST_PATH, 200, "application/json", json(manifest()));
    }

    Map<String, Object> discovery() {
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("issuer", issuer);
        discovery.put("authorization_endpoint", base + "/auth");
        discovery.put("token_endpoint", base + "/token");
        return discovery;
    }

    Map<String, Object> serverMetadata() {
        Map<String, Object> metadata = discovery();
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        metadata.put("client_id_metadata_document_supported", true);
        metadata.put("registration_endpoint", base + "/register");
        return metadata;
    }

    String openApi() {
        return openApi(api, base + "/auth", base + "/token");
    }

    /** A correct GPT Action schema: one https server, one GET with an operationId, an OAuth2 authorization-code scheme. */
    static String openApi(String server, String authorizationUrl, String tokenUrl) {
        return """
                openapi: 3.1.0
                info: {title: Fake, version: "1"}
                servers: [{url: "%s"}]
                security: [{oauth: []}]
                paths:
                  /items:
                    get:
                      operationId: listItems
                      description: Lists the user's items.
                      responses: {"200": {description: ok}}
                components:
                  securitySchemes:
                    oauth:
                      type: oauth2
                      flows:
                        authorizationCode:
                          authorizationUrl: %s
                          tokenUrl: %s
                          scopes: {}
                """.formatted(server, authorizationUrl, tokenUrl);
    }

    Map<String, Object> manifest() {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("type", "oauth");
        auth.put("client_url", base + "/auth");
        auth.put("authorization_url", base + "/token");
        auth.put("authorization_content_type", "application/x-www-form-urlencoded");
        auth.put("verification_tokens", Map.of("openai", "fake-verification"));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schema_version", "v1");
        manifest.put("name_for_human", "Fake");
        manifest.put("name_for_model", "fake");
        manifest.put("description_for_model", "Lists the user's items.");
        manifest.put("auth", auth);
        manifest.put("api", Map.of("type", "openapi", "url", api + "/openapi.yaml"));
        return manifest;
    }

    /** The token response a correct server gives; {@code aud} is the resource asked for, if any. */
    Map<String, Object> tokenResponse(String audience) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", jwt(Map.of("iss", issuer, "aud", audience == null ? "fake-api" : audience, "typ", "Bearer")));
        response.put("token_type", "bearer");
        response.put("expires_in", 300);
        response.put("refresh_token", jwt(Map.of("iss", issuer, "typ", "Offline")));
        return response;
    }

    private StaticHttpsServer.Answer token(StaticHttpsServer.Request request) {
        Map<String, String> form = request.form();
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean confidential = CLIENT_SECRET.equals(form.get("client_secret")) || basic.equals(request.header("Authorization"));
        if ("refresh_token".equals(form.get("grant_type"))) {
            return confidential ? StaticHttpsServer.Answer.json(200, json(tokenResponse(null))) : invalid("invalid_client");
        }
        if (!"authorization_code".equals(form.get("grant_type")) || form.get("code") == null || !form.get("code").startsWith("code.")) {
            return invalid("invalid_grant");
        }
        // The code carries the PKCE challenge it was issued for.
        String challenge = new String(Base64.getUrlDecoder().decode(form.get("code").substring(5)), StandardCharsets.UTF_8);
        boolean pkce = !challenge.isEmpty() && form.get("code_verifier") != null && challenge.equals(s256(form.get("code_verifier")));
        if (!confidential && !pkce) {
            return invalid(challenge.isEmpty() ? "invalid_client" : "invalid_grant");
        }
        return StaticHttpsServer.Answer.json(200, json(tokenResponse(form.get("resource"))));
    }

    /** initialize and tools/list with a token; 401 and the challenge without one. */
    private StaticHttpsServer.Answer mcpMessage(StaticHttpsServer.Request request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ey")) {
            return new StaticHttpsServer.Answer(401, Map.of("WWW-Authenticate", "Bearer resource_metadata=\"" + api + PRM_PATH + "\""), "");
        }
        if (request.body().contains("\"notifications/initialized\"")) {
            return new StaticHttpsServer.Answer(202, Map.of(), "");
        }
        if (request.body().contains("\"tools/list\"")) {
            return StaticHttpsServer.Answer.json(200, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"listItems\",\"inputSchema\":{\"type\":\"object\"}}]}}");
        }
        return StaticHttpsServer.Answer.json(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}}");
    }

    private static StaticHttpsServer.Answer loginPage(Map<String, String> parameters) {
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("redirect_uri", "state", "code_challenge")) {
            if (parameters.get(name) != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(parameters.get(name)).append("\">");
            }
        }
        return new StaticHttpsServer.Answer(200, Map.of("Content-Type", "text/html"), "<html><body><form method=\"post\" action=\"/login\">"
                + hidden + "<input name=\"username\"><input type=\"password\" name=\"password\"><button>Sign in</button></form></body></html>");
    }

    static StaticHttpsServer.Answer redirect(String location) {
        return new StaticHttpsServer.Answer(302, Map.of("Location", location), "");
    }

    static StaticHttpsServer.Answer invalid(String error) {
        return StaticHttpsServer.Answer.json(400, "{\"error\":\"" + error + "\",\"error_description\":\"refused by the fake\"}");
    }

    static String jwt(Map<String, Object> claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
