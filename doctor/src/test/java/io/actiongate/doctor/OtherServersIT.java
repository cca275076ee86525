package io.actiongate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check's failing case, against a deployment that is not ActionGate (FakeDeployment): first the whole
 * deployment passes (the positive control), then each case breaks one answer and the check that watches it must
 * fail, saying what it says. Misconfigurations the product itself can be put into are in DoctorIT, against the
 * staged ActionGate; these are the ones it cannot be made to serve (a token_type in the wrong case, a server that
 * drops state, a schema on OpenAPI 3.2, ...).
 */
class OtherServersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One hostile or broken answer: what it breaks, the arguments (the defaults unless a URL itself is the fault), the check that must fail. */
    record Case(String name, Consumer<FakeDeployment> breaks, Function<FakeDeployment, List<String>> args, String check, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Run(int exitCode, String output) {
        String line(String id) {
            return output.lines().filter(line -> line.length() > 6 && line.substring(6).startsWith(id + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + id + " in:\n" + output));
        }

        List<String> failures() {
            return output.lines().filter(line -> line.startsWith("FAIL  ")).toList();
        }
    }

    private static Run doctor(List<String> args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exitCode = Doctor.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println("[doctor] " + args.get(0) + "\n" + output);
        assertThat(output).doesNotContain(FakeDeployment.CLIENT_SECRET).doesNotContain(FakeDeployment.PASSWORD);
        return new Run(exitCode, output);
    }

    private static void assertNamed(Case broken, Function<FakeDeployment, List<String>> defaultArgs) throws Exception {
        try (FakeDeployment fake = FakeDeployment.start()) {
            broken.breaks().accept(fake);
            Run run = doctor((broken.args() == null ? defaultArgs : broken.args()).apply(fake));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.line(broken.check())).startsWith("FAIL  ").contains(broken.says());
            assertThat(run.failures()).as("this server is not ActionGate: fixes in plain OAuth terms")
                    .map(line -> line.replace("ChatGPT (ActionGate doctor)", "the registration's client name"))
                    .noneMatch(line -> line.contains("ActionGate") || line.contains("PUBLIC_") || line.contains("MCP_"));
        }
    }

    private static void assertEverythingPasses(List<String> args) {
        Run run = doctor(args);
        assertThat(run.failures()).isEmpty();
        assertThat(run.output()).doesNotContain("SKIP  ");
        assertThat(run.exitCode()).isZero();
    }

    // --- the GPT Action path ---

    static List<String> gptArgs(FakeDeployment fake) {
        return gptArgs(fake, fake.issuer, FakeDeployment.PASSWORD);
    }

    static List<String> gptArgs(FakeDeployment fake, String auth, String password) {
        return List.of("gpt", "--auth", auth, "--api", fake.api + "/openapi.yaml", "--client-id", FakeDeployment.CLIENT_ID,
                "--client-secret", FakeDeployment.CLIENT_SECRET, "--callback", FakeDeployment.CALLBACK,
                "--user", FakeDeployment.USER, "--password", password);
    }

    @Test
    void aCorrectGptActionPassesEveryCheck() throws Exception {
        try (FakeDeployment fake = FakeDeployment.start()) {
            assertEverythingPasses(gptArgs(fake));
        }
    }

    static Stream<Case> brokenGptActions() {
        return Stream.of(
                new Case("the auth server over plain http", fake -> { },
                        fake -> gptArgs(fake, fake.issuer.replace("https://", "http://"), FakeDeployment.PASSWORD), "gpt.auth-https", "is not https"),
                new Case("the OpenAPI document over plain http", fake -> { }, fake -> gptArgs(fake).stream()
                        .map(arg -> arg.equals(fake.api + "/openapi.yaml") ? arg.replace("https://", "http://") : arg).toList(),
                        "gpt.api-https", "is not https"),
                new Case("a certificate for another host", fake -> { },
                        fake -> gptArgs(fake, fake.issuer.replace("tools.example.com", TestTls.UNCERTIFIED), FakeDeployment.PASSWORD),
                        "gpt.discovery", "certificate"),
                new Case("no discovery document", fake -> fake.server.answer(FakeDeployment.DISCOVERY_PATH, 404, "text/html", "gone"), null,
                        "gpt.discovery", "no discovery document"),
                new Case("the token URL on another root domain", fake -> json(fake, FakeDeployment.DISCOVERY_PATH, fake.discovery(),
                        discovery -> discovery.put("token_endpoint", fake.server.url("api.example.net") + "/token")), null,
                        "gpt.auth-domain", "not on one public root domain"),
                new Case("the OpenAPI document not served", fake -> fake.server.answer("/openapi.yaml", 404, "text/html", "gone"), null,
                        "openapi.fetch", "HTTP 404"),
                new Case("not an OpenAPI document", fake -> fake.server.answer("/openapi.yaml", 200, "text/html", "<html>hello</html>"), null,
                        "openapi.parses", "does not parse"),
                new Case("OpenAPI 3.2", fake -> schema(fake, "openapi: 3.1.0", "openapi: 3.2.0"), null, "openapi.version", "OpenAPI 3.2.0"),
                new Case("Swagger 2.0", fake -> schema(fake, "openapi: 3.1.0", "swagger: \"2.0\""), null, "openapi.version", "Swagger 2.0"),
                new Case("two servers", fake -> schema(fake, "servers: [{url: \"" + fake.api + "\"}]",
                        "servers: [{url: \"" + fake.api + "\"}, {url: \"" + fake.api + "/v2\"}]"), null, "openapi.servers", "2 server URLs"),
                new Case("the API's server over http", fake -> schema(fake, "url: \"https://", "url: \"http://"), null,
                        "openapi.servers", "is not https"),
                new Case("no OAuth2 scheme", fake -> schema(fake, "type: oauth2", "type: apiKey\n      in: header\n      name: X-Key"), null,
                        "openapi.oauth-scheme", "no OAuth2 authorization-code"),
                new Case("the scheme's token URL is not the server's", fake -> schema(fake, "tokenUrl: " + fake.base + "/token",
                        "tokenUrl: " + fake.base + "/oauth/token"), null, "openapi.oauth-scheme", "/oauth/token"),
                new Case("scope= refused", fake -> refuseAuthorization(fake, query -> "".equals(query.get("scope"))), null,
                        "gpt.authorization-request.empty-scope", "refuses this scope parameter"),
                new Case("no scope refused", fake -> refuseAuthorization(fake, query -> !query.containsKey("scope")), null,
                        "gpt.authorization-request.no-scope", "refuses this scope parameter"),
                new Case("the client refused", fake -> refuseAuthorization(fake, query -> true), null,
                        "gpt.authorization-request.openid-offline", "the client id or the callback is not accepted"),
                new Case("the password refused", fake -> { },
                        fake -> gptArgs(fake, fake.issuer, "not-" + FakeDeployment.PASSWORD.substring(0, 3)), "gpt.sign-in", "login form came back"),
                new Case("state changed on the way back", fake -> fake.server.handle("/login", request -> FakeDeployment.redirect(
                        request.form().get("redirect_uri") + "?code=code.&state=other")), null, "gpt.state", "state came back as other"),
                new Case("an error instead of a code", fake -> fake.server.handle("/login", request -> FakeDeployment.redirect(
                        request.form().get("redirect_uri") + "?error=access_denied&state=" + request.form().get("state"))), null,
                        "gpt.code", "no code"),
                new Case("the secret in the body refused", fake -> refuseToken(fake, request -> request.form().containsKey("client_secret")
                        && "authorization_code".equals(request.form().get("grant_type"))), null, "gpt.token.post-body", "invalid_client"),
                new Case("the Basic header refused", fake -> refuseToken(fake, request -> request.header("Authorization") != null), null,
                        "gpt.token.basic-header", "invalid_client"),
                new Case("token_type \"Bearer\"", fake -> tokenResponse(fake, response -> response.put("token_type", "Bearer")), null,
                        "gpt.token.type", "return token_type \"bearer\""),
                new Case("expires_in as a string", fake -> tokenResponse(fake, response -> response.put("expires_in", "300")), null,
                        "gpt.token.expires-in", "\"300\""),
                new Case("no refresh token", fake -> tokenResponse(fake, response -> response.remove("refresh_token")), null,
                        "gpt.token.refresh-token", "no refresh token"),
                new Case("the refresh refused", fake -> refuseToken(fake, request -> "refresh_token".equals(request.form().get("grant_type"))),
                        null, "gpt.token.refresh", "HTTP 401"),
                new Case("a session-bound refresh token", fake -> tokenResponse(fake, response -> response.put("refresh_token",
                        FakeDeployment.jwt(Map.of("typ", "Refresh")))), null, "gpt.token.offline", "tied to the browser session"),
                new Case("401 without a challenge", fake -> wrap(fake, "/items", (request, answer) -> answer.status() == 401
                        ? new StaticHttpsServer.Answer(401, Map.of(), "") : answer), null, "api.challenge", "HTTP 401"),
                new Case("the API refuses the token", fake -> fake.server.answer("/items", 401,
                        Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), ""), null, "api.with-token", "invalid_token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenGptActions")
    void aBrokenGptActionIsNamed(Case broken) throws Exception {
        assertNamed(broken, OtherServersIT::gptArgs);
    }

    // --- the MCP connector path ---

    static List<String> mcpArgs(FakeDeployment fake) {
        return List.of("mcp", "--url", fake.mcp, "--user", FakeDeployment.USER, "--password", FakeDeployment.PASSWORD);
    }

    @Test
    void aCorrectConnectorPassesEveryCheck() throws Exception {
        try (FakeDeployment fake = FakeDeployment.start()) {
            assertEverythingPasses(mcpArgs(fake));
        }
    }

    static Stream<Case> brokenConnectors() {
        return Stream.of(
                new Case("the MCP URL over http", fake -> { }, fake -> List.of("mcp", "--url", fake.mcp.replace("https://", "http://")),
                        "mcp.https", "is not https"),
                new Case("no challenge", fake -> fake.server.answer("/mcp", 200, "application/json",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"serverInfo\":{\"name\":\"x\",\"version\":\"1\"}}}"),
                        null, "mcp.challenge", "without a challenge"),
                new Case("no metadata at the path-inserted place", fake -> fake.server.answer(FakeDeployment.PRM_PATH, 404, "text/html", ""), null,
                        "mcp.prm.path-inserted", "HTTP 404"),
                new Case("no metadata at the root", fake -> fake.server.answer("/.well-known/oauth-protected-resource", 404, "text/html", ""), null,
                        "mcp.prm.root", "HTTP 404"),
                new Case("resource is not the MCP URL", fake -> resourceMetadata(fake, prm -> prm.put("resource", fake.api)), null,
                        "mcp.prm.resource", "resource is " + "https://api.example.com"),
                new Case("no authorization_servers", fake -> resourceMetadata(fake, prm -> prm.remove("authorization_servers")), null,
                        "mcp.prm.authorization-servers", "no authorization_servers"),
                new Case("the issuer with a trailing slash", fake -> resourceMetadata(fake, prm -> prm.put("authorization_servers",
                        List.of(fake.issuer + "/"))), null, "mcp.as.metadata", "trailing slash"),
                new Case("metadata naming another issuer", fake -> serverMetadata(fake, metadata -> metadata.put("issuer",
                        fake.base + "/realms/other")), null, "mcp.as.issuer", "/realms/other"),
                new Case("PKCE S256 not advertised", fake -> serverMetadata(fake, metadata -> metadata.put("code_challenge_methods_supported",
                        List.of("plain"))), null, "mcp.as.pkce", "[plain]"),
                new Case("iss not advertised", fake -> serverMetadata(fake, metadata -> metadata.remove("authorization_response_iss_parameter_supported")),
                        null, "mcp.as.iss", "is not true"),
                new Case("no registration advertised", fake -> serverMetadata(fake, metadata -> {
                    metadata.remove("client_id_metadata_document_supported");
                    metadata.remove("registration_endpoint");
                }), null, "mcp.registration", "neither"),
                new Case("registration refused", fake -> fake.server.answer("/register", 403, "application/json",
                        "{\"error\":\"access_denied\",\"error_description\":\"Policy 'Trusted Hosts' rejected request\"}"), null,
                        "mcp.registration.dcr", "Trusted Hosts"),
                new Case("the registration's delete refused", fake -> fake.server.answer("/register/dcr-client", 405, "text/plain", ""), null,
                        "mcp.registration.deleted", "HTTP 405"),
                new Case("the password refused", fake -> { },
                        fake -> List.of("mcp", "--url", fake.mcp, "--user", FakeDeployment.USER, "--password", "wrong"), "mcp.sign-in", "login form came back"),
                new Case("no iss in the authorization response", fake -> wrap(fake, "/login", (request, answer) -> answer.headers()
                        .containsKey("Location") ? FakeDeployment.redirect(answer.headers().get("Location").replaceAll("&iss=.*", "")) : answer), null,
                        "mcp.iss-returned", "iss=null"),
                new Case("resource refused at the token endpoint", fake -> refuseToken(fake, request -> request.form().containsKey("resource")), null,
                        "mcp.token", "HTTP 400"),
                new Case("resource not copied into aud", fake -> tokenResponse(fake, response -> response.put("access_token",
                        FakeDeployment.jwt(Map.of("aud", "fake-api")))), null, "mcp.token.audience", "[fake-api]"),
                new Case("tools/list lists nothing", fake -> wrap(fake, "/mcp", (request, answer) -> request.body().contains("\"tools/list\"")
                        && answer.status() == 200 ? StaticHttpsServer.Answer.json(200, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}") : answer),
                        null, "mcp.tools-list", "HTTP 200"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConnectors")
    void aBrokenConnectorIsNamed(Case broken) throws Exception {
        assertNamed(broken, OtherServersIT::mcpArgs);
    }

    // --- the plugin manifest ---

    static List<String> pluginArgs(FakeDeployment fake) {
        return List.of("plugin", "--api", fake.api);
    }

    @Test
    void aCorrectManifestPassesInEachMode() throws Exception {
        try (FakeDeployment fake = FakeDeployment.start()) {
            assertEverythingPasses(pluginArgs(fake));
            manifest(fake, manifest -> manifest.put("auth", Map.of("type", "none")));
            assertEverythingPasses(pluginArgs(fake));
            manifest(fake, manifest -> manifest.put("auth", Map.of("type", "service_http", "authorization_type", "bearer",
                    "verification_tokens", Map.of("openai", "fake-verification"))));
            assertEverythingPasses(pluginArgs(fake));
        }
    }

    static Stream<Case> brokenManifests() {
        return Stream.of(
                new Case("no manifest", fake -> fake.server.answer(FakeDeployment.MANIFEST_PATH, 404, "text/html", ""), null,
                        "plugin.manifest", "HTTP 404"),
                new Case("a required field missing", fake -> manifest(fake, manifest -> manifest.remove("name_for_model")), null,
                        "plugin.manifest", "lacks [name_for_model]"),
                new Case("api.url on another domain", fake -> manifest(fake, manifest -> manifest.put("api", Map.of("type", "openapi",
                        "url", fake.server.url("api.example.net") + "/openapi.yaml"))), null, "plugin.api-url", "api.example.net"),
                new Case("an unknown auth type", fake -> manifest(fake, manifest -> manifest.put("auth", Map.of("type", "basic"))), null,
                        "plugin.auth", "\"basic\""),
                new Case("service_http without its token", fake -> manifest(fake, manifest -> manifest.put("auth",
                        Map.of("type", "service_http", "authorization_type", "bearer"))), null, "plugin.auth", "verification_tokens"),
                new Case("client_url on another domain", fake -> oauthManifest(fake, auth -> auth.put("client_url",
                        fake.server.url("api.example.net") + "/auth")), null, "plugin.oauth.urls", "api.example.net"),
                new Case("an authorization content type hosts do not send", fake -> oauthManifest(fake, auth -> auth.put(
                        "authorization_content_type", "text/plain")), null, "plugin.oauth.content-type", "\"text/plain\""),
                new Case("no verification token", fake -> oauthManifest(fake, auth -> auth.remove("verification_tokens")), null,
                        "plugin.oauth.verification-token", "no verification_tokens.openai"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void aBrokenManifestIsNamed(Case broken) throws Exception {
        assertNamed(broken, OtherServersIT::pluginArgs);
    }

    // --- ways of breaking one answer ---

    private static void json(FakeDeployment fake, String path, Map<String, Object> document, Consumer<Map<String, Object>> change) {
        Map<String, Object> changed = new LinkedHashMap<>(document);
        change.accept(changed);
        fake.server.answer(path, 200, "application/json", FakeDeployment.json(changed));
    }

    private static void schema(FakeDeployment fake, String from, String to) {
        String schema = fake.openApi();
        assertThat(schema).contains(from);
        fake.server.answer("/openapi.yaml", 200, "application/yaml", schema.replace(from, to));
    }

    private static void resourceMetadata(FakeDeployment fake, Consumer<Map<String, Object>> change) {
        Map<String, Object> prm = new LinkedHashMap<>(Map.of("resource", fake.mcp, "authorization_servers", List.of(fake.issuer)));
        json(fake, FakeDeployment.PRM_PATH, prm, change);
        json(fake, "/.well-known/oauth-protected-resource", prm, change);
    }

    private static void serverMetadata(FakeDeployment fake, Consumer<Map<String, Object>> change) {
        json(fake, FakeDeployment.AS_METADATA_PATH, fake.serverMetadata(), change);
    }

    private static void manifest(FakeDeployment fake, Consumer<Map<String, Object>> change) {
        json(fake, FakeDeployment.MANIFEST_PATH, fake.manifest(), change);
    }

    @SuppressWarnings("unchecked")
    private static void oauthManifest(FakeDeployment fake, Consumer<Map<String, Object>> change) {
        manifest(fake, manifest -> {
            Map<String, Object> auth = new LinkedHashMap<>((Map<String, Object>) manifest.get("auth"));
            change.accept(auth);
            manifest.put("auth", auth);
        });
    }

    private static void wrap(FakeDeployment fake, String path,
                             java.util.function.BiFunction<StaticHttpsServer.Request, StaticHttpsServer.Answer, StaticHttpsServer.Answer> change) {
        Function<StaticHttpsServer.Request, StaticHttpsServer.Answer> original = fake.server.handler(path);
        fake.server.handle(path, request -> change.apply(request, original.apply(request)));
    }

    private static void refuseAuthorization(FakeDeployment fake, java.util.function.Predicate<Map<String, String>> refused) {
        wrap(fake, "/auth", (request, answer) -> refused.test(request.query())
                ? new StaticHttpsServer.Answer(400, Map.of("Content-Type", "text/html"), "<html><body>invalid_request</body></html>") : answer);
    }

    private static void refuseToken(FakeDeployment fake, java.util.function.Predicate<StaticHttpsServer.Request> refused) {
        wrap(fake, "/token", (request, answer) -> refused.test(request)
                ? StaticHttpsServer.Answer.json(request.form().containsKey("resource") ? 400 : 401,
                        "{\"error\":\"" + (request.form().containsKey("resource") ? "invalid_target" : "invalid_client")
                                + "\",\"error_description\":\"refused\"}")
                : answer);
    }

    private static void tokenResponse(FakeDeployment fake, Consumer<Map<String, Object>> change) {
        wrap(fake, "/token", (request, answer) -> {
            if (answer.status() != 200) {
                return answer;
            }
            try {
                Map<String, Object> response = new LinkedHashMap<>(JSON.readValue(answer.body(), new TypeReference<Map<String, Object>>() { }));
                change.accept(response);
                return StaticHttpsServer.Answer.json(200, FakeDeployment.json(response));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
