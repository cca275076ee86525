package io.actiongate.server.testing;

import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Plays a ChatGPT app / MCP connector set up with the realm's predefined connector client (public, no secret):
 * PKCE {@code S256} and RFC 8707's {@code resource} on the authorization and the token request, the user's real
 * sign-in and consent pages in between (see shared/chatgpt-oauth.md).
 */
public final class McpConnector {

    /** The realm's predefined connector client (MCP_CLIENT_ID). */
    public static final String CLIENT_ID = "agenda-mcp";
    /** ChatGPT's stable connector callback, approved by default. */
    public static final String STABLE_CALLBACK = "https://chatgpt.com/connector_platform_oauth_redirect";
    /** Every scope the MCP server advertises. */
    public static final String ALL_SCOPES = "agenda:read agenda:write";

    private final ChatGpt chatGpt;
    private final String callback;
    private final RealmSettings settings;
    private final String baseUrl;

    public McpConnector(KeycloakUnderTest keycloak) {
        this(keycloak, CLIENT_ID);
    }

    /** A connector with another public client, e.g. one it registered itself. */
    public McpConnector(KeycloakUnderTest keycloak, String clientId) {
        this(keycloak, clientId, STABLE_CALLBACK);
    }

    /** The same signing in with another callback (a client outside ChatGPT's, for comparison). */
    public McpConnector(KeycloakUnderTest keycloak, String clientId, String callback) {
        this.callback = callback;
        this.chatGpt = new ChatGpt(keycloak, clientId, null);
        this.settings = keycloak.settings();
        this.baseUrl = keycloak.baseUrl();
    }

    /** The demo user connects; returns the token response, unchecked. */
    public Response connect(String resource, String scope) {
        return connect(resource, scope, settings.demoUser(), settings.demoPassword());
    }

    public Response connect(String resource, String scope, String username, String password) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("code_challenge", challenge(verifier));
        authorize.put("code_challenge_method", "S256");
        if (resource != null) {
            authorize.put("resource", resource);
        }
        ChatGpt.Callback signedIn = chatGpt.signIn(callback, UUID.randomUUID().toString(), scope, authorize,
                username, password);
        Map<String, String> token = new LinkedHashMap<>();
        token.put("code_verifier", verifier);
        if (resource != null) {
            token.put("resource", resource);
        }
        return chatGpt.exchangeCode(signedIn.code(), callback, TokenExchangeMethod.PUBLIC_CLIENT, token);
    }

    /** The access token of a successful connection. */
    public String accessToken(String resource, String scope, String username, String password) {
        return connect(resource, scope, username, password).then().statusCode(200).extract().path("access_token");
    }

    public Response refresh(String refreshToken, String resource) {
        return chatGpt.refresh(refreshToken, TokenExchangeMethod.PUBLIC_CLIENT,
                resource == null ? Map.of() : Map.of("resource", resource));
    }

    /** The authorization request alone (redirects not followed), with the given PKCE and resource parameters. */
    public Response authorize(Map<String, String> parameters) {
        return authorize(STABLE_CALLBACK, parameters);
    }

    /** The same with another callback. */
    public Response authorize(String callback, Map<String, String> parameters) {
        Response response = chatGpt.authorize(callback, UUID.randomUUID().toString(), ALL_SCOPES, parameters);
        // ActionGate's scope tolerance may answer with one redirect to the same endpoint, its scope rewritten.
        String location = response.header("Location");
        if (response.statusCode() == 302 && location != null && location.startsWith(baseUrl)) {
            return RestAssured.given().redirects().follow(false).urlEncodingEnabled(false).get(location);
        }
        return response;
    }

    /** RFC 7636 S256: BASE64URL(SHA-256(verifier)). */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
