package io.actiongate.doctor.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.actiongate.doctor.report.Check;
import io.actiongate.doctor.report.Report;
import io.actiongate.doctor.web.ActionGateProbe;
import io.actiongate.doctor.web.Domains;
import io.actiongate.doctor.web.SignIn;
import io.actiongate.doctor.web.Tokens;
import io.actiongate.doctor.web.Web;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connector path as ChatGPT walks it (shared/chatgpt-oauth.md): the 401 challenge, the protected-resource
 * metadata (RFC 9728) at both places ChatGPT looks, the authorization server's metadata at the path-inserted place
 * (RFC 8414), PKCE S256, RFC 9207's iss, the registration advertised (and, for DCR, one registration with ChatGPT's
 * metadata, deleted afterwards), then with a user a sign-in with PKCE and resource, the token's audience, and one
 * tools/list.
 */
public final class McpChecks {

    /** ChatGPT's stable connector callback, which it uses only when PRM and AS metadata agree and iss is returned. */
    public static final String STABLE_CALLBACK = "https://chatgpt.com/connector_platform_oauth_redirect";
    private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"actiongate-doctor\",\"version\":\"1\"}}}";
    private static final Map<String, String> MCP_HEADERS = Map.of("Accept", "application/json, text/event-stream",
            "MCP-Protocol-Version", "2025-06-18");
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Target(String url, String clientId, String user, String password) {
    }

    private final Report report;
    private final Target target;
    private final Web web = new Web();
    private JsonNode resourceMetadata;
    private JsonNode serverMetadata;
    private boolean actionGate;

    public McpChecks(Report report, Target target) {
        this.report = report;
        this.target = target;
    }

    public void run() {
        actionGate = ActionGateProbe.isActionGate(web, issuerNamed());
        report.add(Domains.https(target.url()) ? Check.passed("mcp.https", "the MCP server URL is https: " + target.url())
                : Check.failed("mcp.https", "the MCP server URL is not https: " + target.url(), "ChatGPT refuses the URL when the connector is created",
                        "ChatGPT connects to public https servers only", actionGate ? "set PUBLIC_API_URL to the https URL behind TLS (deploy/Caddyfile)" : "serve the MCP server over https"));
        Optional<String> metadataUrl = challenge();
        if (!protectedResourceMetadata(metadataUrl) || !authorizationServerMetadata()) {
            return;
        }
        Optional<String> registeredClient = registration();
        String clientId = target.clientId() != null ? target.clientId() : registeredClient.map(id -> id.split(" ", 2)[0]).orElse(null);
        if (target.user() == null || target.password() == null) {
            report.add(Check.notChecked("mcp.sign-in", "the sign-in with PKCE and resource", "no --user and --password"));
        } else if (clientId == null) {
            report.add(Check.notChecked("mcp.sign-in", "the sign-in with PKCE and resource",
                    "no client: give --client-id (the predefined connector client) or enable registration (DCR)"));
        } else {
            signInAndListTools(clientId);
        }
        registeredClient.ifPresent(this::deleteRegistration);
    }

    /** A first look at the metadata, before any check, to learn whose issuer it names (and so the terms of the fixes). */
    private String issuerNamed() {
        try {
            URI url = URI.create(target.url());
            String path = url.getRawPath() == null || "/".equals(url.getRawPath()) ? "" : url.getRawPath();
            return web.get(Domains.origin(target.url()) + "/.well-known/oauth-protected-resource" + path).json()
                    .map(json -> json.path("authorization_servers").path(0).asText(null)).orElse(null);
        } catch (Web.Unreachable | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The 401 challenge: on {@code initialize} for a server that needs sign-in for everything, or (tool-level sign-in,
     * Apps SDK) on the first tool that declares an oauth2 security scheme, called without a token.
     */
    private Optional<String> challenge() {
        try {
            Web.Answer answer = web.postJson(target.url(), INITIALIZE, MCP_HEADERS);
            String where = "initialize";
            if (answer.status() / 100 == 2) {
                Map<String, String> headers = new LinkedHashMap<>(MCP_HEADERS);
                answer.header("Mcp-Session-Id").ifPresent(session -> headers.put("Mcp-Session-Id", session));
                web.postJson(target.url(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers);
                Optional<JsonNode> tools = message(web.postJson(target.url(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", headers));
                Optional<String> needsSignIn = tools.stream().flatMap(node -> java.util.stream.StreamSupport.stream(
                                node.path("result").path("tools").spliterator(), false))
                        .filter(McpChecks::declaresOauth)
                        // one without required arguments, so that nothing but the missing token can refuse the call
                        .sorted(java.util.Comparator.comparing(tool -> tool.path("inputSchema").path("required").size()))
                        .map(tool -> tool.path("name").asText()).findFirst();
                if (needsSignIn.isPresent()) {
                    where = "tools/call " + needsSignIn.get();
                    answer = web.postJson(target.url(), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                            + Web.toJson(needsSignIn.get()) + ",\"arguments\":{}}}", headers);
                }
            }
            // Apps SDK: a tool result may carry the challenge in _meta["mcp/www_authenticate"] instead of a 401.
            String inResult = message(answer).map(node -> node.path("result").path("_meta").path("mcp/www_authenticate"))
                    .map(node -> node.isArray() && !node.isEmpty() ? node.get(0).asText() : node.asText("")).orElse("");
            String challenge = answer.header("WWW-Authenticate").orElse(inResult);
            Matcher metadata = RESOURCE_METADATA.matcher(challenge);
            if (answer.status() == 200 && !inResult.isEmpty() && metadata.find()) {
                report.add(Check.passed("mcp.challenge", where + " without a token: a tool result with _meta[\"mcp/www_authenticate\"], resource_metadata=" + metadata.group(1)));
                return Optional.of(metadata.group(1));
            }
            if (answer.status() == 401 && challenge.regionMatches(true, 0, "Bearer", 0, 6) && metadata.find()) {
                report.add(Check.passed("mcp.challenge", where + " without a token: 401, Bearer, resource_metadata=" + metadata.group(1)));
                return Optional.of(metadata.group(1));
            }
            report.add(Check.failed("mcp.challenge", where + " without a token answers HTTP " + answer.status()
                            + (challenge.isEmpty() ? " without a challenge" : " with " + challenge),
                    answer.status() / 100 == 2 ? "the connector is created without sign-in (no OAuth is offered)" : "\"Something went wrong\" when the connector is created",
                    "ChatGPT starts OAuth discovery from a 401 with WWW-Authenticate: Bearer resource_metadata=\"…\"",
                    "answer unauthenticated requests (or tools that need sign-in) with 401 and WWW-Authenticate: Bearer resource_metadata=\"<PRM URL>\""));
        } catch (Web.Unreachable e) {
            report.add(unreachable("mcp.challenge", target.url(), e));
        }
        return Optional.empty();
    }

    /** A tool whose securitySchemes (or _meta.securitySchemes) include oauth2 needs the user signed in. */
    private static boolean declaresOauth(JsonNode tool) {
        JsonNode schemes = tool.has("securitySchemes") ? tool.get("securitySchemes") : tool.path("_meta").path("securitySchemes");
        for (JsonNode scheme : schemes) {
            if ("oauth2".equals(scheme.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** A JSON-RPC answer, sent as JSON or as one server-sent event. */
    private static Optional<JsonNode> message(Web.Answer answer) {
        String body = answer.body();
        int dataAt = body.indexOf("data:");
        return new Web.Answer(answer.uri(), answer.status(), answer.headers(), dataAt >= 0 ? body.substring(dataAt + 5).trim() : body).json();
    }

    private boolean protectedResourceMetadata(Optional<String> fromChallenge) {
        URI url = URI.create(target.url());
        String origin = Domains.origin(target.url());
        String path = url.getRawPath() == null || "/".equals(url.getRawPath()) ? "" : url.getRawPath();
        Map<String, String> places = new LinkedHashMap<>();
        fromChallenge.ifPresent(place -> places.put("mcp.prm.challenge", place));
        places.put("mcp.prm.path-inserted", origin + "/.well-known/oauth-protected-resource" + path);
        places.put("mcp.prm.root", origin + "/.well-known/oauth-protected-resource");
        for (Map.Entry<String, String> place : places.entrySet()) {
            try {
                Web.Answer answer = web.get(place.getValue());
                Optional<JsonNode> json = answer.status() == 200 ? answer.json() : Optional.empty();
                if (json.isPresent() && json.get().has("resource")) {
                    report.add(Check.passed(place.getKey(), "protected-resource metadata at " + place.getValue()));
                    if (resourceMetadata == null) {
                        resourceMetadata = json.get();
                    }
                } else {
                    report.add(Check.failed(place.getKey(), "no protected-resource metadata at " + place.getValue() + " (HTTP " + answer.status() + ")",
                            "\"Something went wrong\", or the connector offers no OAuth", "ChatGPT looks for RFC 9728 metadata here",
                            "serve the metadata at /.well-known/oauth-protected-resource and at that path plus the MCP path"));
                }
            } catch (Web.Unreachable e) {
                report.add(unreachable(place.getKey(), place.getValue(), e));
            }
        }
        if (resourceMetadata == null) {
            return false;
        }
        String resource = resourceMetadata.path("resource").asText();
        report.add(resource.equals(target.url())
                ? Check.passed("mcp.prm.resource", "resource is the MCP server URL")
                : Check.failed("mcp.prm.resource", "resource is " + resource + ", not " + target.url(),
                        "\"Something went wrong\" at sign-in, or tokens the server refuses", "ChatGPT sends resource back as the token's audience, and checks it names the server it connects to",
                        actionGate ? "give ChatGPT PUBLIC_API_URL/mcp exactly, and set PUBLIC_API_URL to the public URL" : "make resource the exact MCP server URL"));
        if (!resourceMetadata.path("authorization_servers").isArray() || resourceMetadata.path("authorization_servers").isEmpty()) {
            report.add(Check.failed("mcp.prm.authorization-servers", "no authorization_servers", "the connector offers no OAuth",
                    "ChatGPT finds the auth server through authorization_servers", "name the realm's issuer in authorization_servers"));
            return false;
        }
        return true;
    }

    private boolean authorizationServerMetadata() {
        String issuer = resourceMetadata.path("authorization_servers").get(0).asText();
        URI issuerUri = URI.create(issuer);
        String pathInserted = Domains.origin(issuer) + "/.well-known/oauth-authorization-server"
                + (issuerUri.getRawPath() == null ? "" : issuerUri.getRawPath());
        Web.Answer answer;
        try {
            answer = web.get(pathInserted);
        } catch (Web.Unreachable e) {
            report.add(unreachable("mcp.as.metadata", pathInserted, e));
            return false;
        }
        Optional<JsonNode> json = answer.status() == 200 ? answer.json() : Optional.empty();
        if (json.isEmpty()) {
            report.add(Check.failed("mcp.as.metadata", "no authorization-server metadata at " + pathInserted + " (HTTP " + answer.status() + ")",
                    "\"Something went wrong\"; ChatGPT may also stop offering metadata documents (CIMD) to this server",
                    issuer.endsWith("/") ? "authorization_servers names " + issuer + ", with a trailing slash the issuer does not have"
                            : "ChatGPT reads RFC 8414 metadata at the path-inserted place",
                    issuer.endsWith("/") ? "remove the trailing slash: authorization_servers must be the issuer byte for byte"
                            : "serve RFC 8414 metadata at /.well-known/oauth-authorization-server/<issuer path>"));
            return false;
        }
        serverMetadata = json.get();
        report.add(Check.passed("mcp.as.metadata", "authorization-server metadata at " + pathInserted));
        String advertised = serverMetadata.path("issuer").asText();
        report.add(advertised.equals(issuer)
                ? Check.passed("mcp.as.issuer", "authorization_servers is the issuer, byte for byte")
                : Check.failed("mcp.as.issuer", "authorization_servers names " + issuer + ", the issuer is " + advertised,
                        "sign-in works only through ChatGPT's per-connector callback, or fails with \"Something went wrong\"",
                        "the two must be equal byte for byte (a trailing slash counts)",
                        actionGate ? "set PUBLIC_AUTH_URL without a trailing slash, the same on Keycloak and the API" : "make authorization_servers exactly the issuer"));
        List<String> methods = strings(serverMetadata.path("code_challenge_methods_supported"));
        report.add(methods.contains("S256")
                ? Check.passed("mcp.as.pkce", "PKCE S256 is advertised")
                : Check.failed("mcp.as.pkce", "code_challenge_methods_supported is " + methods, "ChatGPT refuses to connect (\"does not support PKCE\")",
                        "ChatGPT always uses PKCE S256 and requires it advertised", "advertise S256 in code_challenge_methods_supported"));
        report.add(serverMetadata.path("authorization_response_iss_parameter_supported").asBoolean(false)
                ? Check.passed("mcp.as.iss", "iss is returned in the authorization response (RFC 9207)")
                : Check.failed("mcp.as.iss", "authorization_response_iss_parameter_supported is not true",
                        "nothing visible: ChatGPT keeps using a per-connector callback instead of its stable one",
                        "since August 2026 ChatGPT uses " + STABLE_CALLBACK + " only when the server returns iss",
                        "return iss in authorization responses and advertise it (Keycloak does by default)"));
        return true;
    }

    /** The registration advertised; for DCR, one registration with ChatGPT's metadata ("client_id registration-token uri"). */
    private Optional<String> registration() {
        boolean cimd = serverMetadata.path("client_id_metadata_document_supported").asBoolean(false);
        String endpoint = serverMetadata.path("registration_endpoint").asText(null);
        if (!cimd && endpoint == null) {
            report.add(target.clientId() != null
                    ? Check.passed("mcp.registration", "no registration advertised; the predefined client " + target.clientId() + " is used")
                    : Check.failed("mcp.registration", "neither metadata documents (CIMD) nor registration (DCR) is advertised",
                            "\"This MCP server does not support dynamic client registration\" unless a client id is given in the advanced settings",
                            "ChatGPT identifies itself by CIMD or DCR, or needs a predefined client",
                            actionGate ? "set MCP_REGISTRATION=cimd (the default) or cimd,dcr; or give ChatGPT MCP_CLIENT_ID" : "advertise client_id_metadata_document_supported or a registration_endpoint, or give ChatGPT a client id"));
            return Optional.empty();
        }
        report.add(Check.passed("mcp.registration", "advertised: " + (cimd ? "client ID metadata documents" : "")
                + (cimd && endpoint != null ? " and " : "") + (endpoint != null ? "dynamic registration" : "")));
        if (endpoint == null) {
            return Optional.empty();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("client_name", "ChatGPT (ActionGate doctor)");
        metadata.put("redirect_uris", List.of(STABLE_CALLBACK));
        metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
        metadata.put("response_types", List.of("code"));
        metadata.put("token_endpoint_auth_method", "none");
        try {
            Web.Answer answer = web.postJson(endpoint, Web.toJson(metadata), Map.of());
            Optional<JsonNode> json = answer.json();
            if (answer.status() == 201 && json.isPresent() && json.get().hasNonNull("client_id")) {
                report.add(Check.passed("mcp.registration.dcr", "a registration with ChatGPT's metadata is accepted"));
                return Optional.of(json.get().get("client_id").asText() + " " + json.get().path("registration_access_token").asText("")
                        + " " + json.get().path("registration_client_uri").asText(""));
            }
            report.add(Check.failed("mcp.registration.dcr", "registration answers HTTP " + answer.status() + ": "
                            + json.map(node -> node.path("error").asText() + " " + node.path("error_description").asText()).orElse(""),
                    "\"Something went wrong\" when the connector is created",
                    "anonymous registration is refused (Keycloak's Trusted Hosts policy is the usual wall)",
                    actionGate ? "set MCP_REGISTRATION=cimd,dcr, which sets up safe anonymous registration" : "allow anonymous registration with ChatGPT's metadata"));
        } catch (Web.Unreachable e) {
            report.add(unreachable("mcp.registration.dcr", endpoint, e));
        }
        return Optional.empty();
    }

    private void deleteRegistration(String registered) {
        String[] parts = registered.split(" ", 3);
        try {
            Web.Answer answer = web.delete(parts[2], parts[1]);
            report.add(answer.status() == 204 || answer.status() == 200
                    ? Check.passed("mcp.registration.deleted", "the doctor's registration was deleted")
                    : Check.failed("mcp.registration.deleted", "deleting the registration answers HTTP " + answer.status(),
                            "nothing", "the registration management endpoint (RFC 7592) refused the delete",
                            "delete the client \"ChatGPT (ActionGate doctor)\" by hand"));
        } catch (Web.Unreachable | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            report.add(Check.notChecked("mcp.registration.deleted", "deleting the registration", "no registration_client_uri"));
        }
    }

    private void signInAndListTools(String clientId) {
        String verifier = random(32);
        String state = random(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", STABLE_CALLBACK);
        query.put("state", state);
        query.put("scope", String.join(" ", strings(resourceMetadata.path("scopes_supported"))));
        query.put("code_challenge", challengeOf(verifier));
        query.put("code_challenge_method", "S256");
        query.put("resource", target.url());
        String authorizationEndpoint = serverMetadata.path("authorization_endpoint").asText();
        String tokenEndpoint = serverMetadata.path("token_endpoint").asText();
        try {
            SignIn.Result result = SignIn.run(web, authorizationEndpoint + "?" + Web.formBody(query), STABLE_CALLBACK, target.user(), target.password());
            if (!result.reachedCallback() || result.callbackQuery().get("code") == null) {
                report.add(Check.failed("mcp.sign-in", "the sign-in stopped at " + result.stoppedAt() + " (HTTP " + result.status() + "): "
                                + (result.pageText() == null ? result.callbackQuery() : result.pageText()),
                        "the user cannot finish connecting", "the login, the consent or the callback was refused",
                        actionGate ? "approve the callback for the client (MCP_CALLBACKS); sign in by hand to see the page" : "sign in by hand to see the page"));
                return;
            }
            report.add(Check.passed("mcp.sign-in", "signed in with PKCE S256 and resource"));
            String iss = result.callbackQuery().get("iss");
            report.add(serverMetadata.path("issuer").asText().equals(iss)
                    ? Check.passed("mcp.iss-returned", "the authorization response carries iss")
                    : Check.failed("mcp.iss-returned", "the authorization response carries iss=" + iss,
                            "nothing visible: ChatGPT keeps its per-connector callback", "RFC 9207: iss must be the issuer",
                            "return iss in the authorization response"));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", result.callbackQuery().get("code"));
            form.put("redirect_uri", STABLE_CALLBACK);
            form.put("client_id", clientId);
            form.put("code_verifier", verifier);
            form.put("resource", target.url());
            Web.Answer token = web.postForm(tokenEndpoint, form);
            String accessToken = token.json().map(json -> json.path("access_token").asText(null)).orElse(null);
            if (token.status() != 200 || accessToken == null) {
                report.add(Check.failed("mcp.token", "the code exchange answers HTTP " + token.status() + " " + token.body(),
                        "\"Something went wrong\" after sign-in", "the token request with PKCE and resource is refused",
                        actionGate ? "give ChatGPT PUBLIC_API_URL/mcp, the one resource ActionGate accepts" : "accept resource (RFC 8707) for the MCP server URL"));
                return;
            }
            List<String> audience = Tokens.claims(accessToken).map(claims -> claims.path("aud").isArray()
                    ? strings(claims.path("aud")) : List.of(claims.path("aud").asText())).orElse(List.of());
            report.add(audience.contains(target.url())
                    ? Check.passed("mcp.token.audience", "the token's aud is the MCP server URL")
                    : Check.failed("mcp.token.audience", "the token's aud is " + audience, "tool calls fail with 401 after sign-in",
                            "the auth server ignored resource, so the MCP server cannot accept the token",
                            actionGate ? "start Keycloak through bin/start or the image, which enable the resource-indicators feature and the resource/ provider" : "copy resource into aud"));
            listTools(accessToken);
        } catch (Web.Unreachable e) {
            report.add(unreachable("mcp.sign-in", authorizationEndpoint, e));
        }
    }

    private void listTools(String accessToken) throws Web.Unreachable {
        Map<String, String> headers = new LinkedHashMap<>(MCP_HEADERS);
        headers.put("Authorization", "Bearer " + accessToken);
        Web.Answer initialized = web.postJson(target.url(), INITIALIZE, headers);
        initialized.header("Mcp-Session-Id").ifPresent(session -> headers.put("Mcp-Session-Id", session));
        web.postJson(target.url(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers);
        Web.Answer tools = web.postJson(target.url(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", headers);
        Optional<JsonNode> json = message(tools);
        int count = json.map(node -> node.path("result").path("tools").size()).orElse(0);
        report.add(tools.status() == 200 && count > 0
                ? Check.passed("mcp.tools-list", "tools/list with the token lists " + count + " tools")
                : Check.failed("mcp.tools-list", "tools/list answers HTTP " + tools.status(), "the connector shows no tools, or \"Something went wrong\"",
                        "the MCP server refuses the token or lists nothing", "accept tokens whose aud is the server URL, and register tools"));
    }

    private Check unreachable(String id, String url, Web.Unreachable e) {
        return Check.failed(id, "no answer from " + url + ": " + e.getMessage(), "\"Something went wrong\" when the connector is created",
                e.tls() ? "ChatGPT accepts only certificates a public CA issued for the host name" : "the host is not reachable from here",
                e.tls() ? "serve a valid certificate for the host" : "check the URL, DNS and firewall");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
