package io.actiongate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.AgendaApiProcess;
import io.actiongate.server.testing.FreePorts;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The doctor against the staged ActionGate over real TLS (the test's names resolve to loopback, its certificate is
 * the one trusted; see TestTls): everything passes. Then each misconfiguration, made with the product's own
 * settings, Keycloak's admin API, or (for what the product cannot be made to serve) a local test server, is named
 * by its check with its fix, and the exit code is 1.
 */
class DoctorIT {

    private static final String SECRET_FREE_MARKER = "never printed";
    private static final List<AutoCloseable> STARTED = new ArrayList<>();
    private static RealmSettings settings;
    private static StagedKeycloak keycloak;
    private static KeycloakAdmin admin;
    private static String authUrl;
    private static String issuer;
    private static String apiUrl;
    private static Map<String, String> apiTls;

    record Run(int exitCode, String output) {
        List<String> failedIds() {
            return output.lines().filter(line -> line.startsWith("FAIL  ")).map(line -> line.substring(6, line.indexOf(':'))).toList();
        }

        String line(String id) {
            return output.lines().filter(line -> line.length() > 6 && line.substring(6).startsWith(id + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + id + " in:\n" + output));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path keyStore = TestTls.keyStore();
        int authTlsPort = FreePorts.free();
        int apiTlsPort = FreePorts.free();
        authUrl = "https://auth.example.com:" + authTlsPort;
        issuer = authUrl + "/realms/gpt";
        apiUrl = "https://api.example.com:" + apiTlsPort;
        settings = RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES);
        keycloak = StagedKeycloak.start(settings, Map.of(
                "PUBLIC_AUTH_URL", authUrl, "PUBLIC_API_URL", apiUrl, "MCP_REGISTRATION", "cimd,dcr",
                "KC_HTTPS_PORT", String.valueOf(authTlsPort), "KC_HTTPS_KEY_STORE_FILE", keyStore.toString(),
                "KC_HTTPS_KEY_STORE_PASSWORD", TestTls.PASSWORD,
                // Readiness is probed over plain HTTP on the management port, as on a server behind a TLS proxy.
                "KC_HTTP_MANAGEMENT_SCHEME", "http"));
        STARTED.add(keycloak);
        admin = new KeycloakAdmin(keycloak);
        STARTED.add(admin);
        apiTls = Map.of("QUARKUS_TLS_KEY_STORE_P12_PATH", keyStore.toString(), "QUARKUS_TLS_KEY_STORE_P12_PASSWORD", TestTls.PASSWORD);
        startApi(apiUrl, apiTlsPort);
    }

    private static void startApi(String publicApiUrl, int tlsPort) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(apiTls);
        env.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(tlsPort));
        env.put("PUBLIC_API_URL", publicApiUrl);
        // The API reaches Keycloak at its public name too, so it resolves and trusts the way the test JVM does.
        env.put("API_JAVA_OPTS", "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file")
                + " -Djavax.net.ssl.trustStore=" + System.getProperty("javax.net.ssl.trustStore")
                + " -Djavax.net.ssl.trustStorePassword=" + TestTls.PASSWORD + " -Djavax.net.ssl.trustStoreType=PKCS12");
        env.put("WEB_CLIENT_SECRET", settings.webClientSecret());
        env.put("PLUGIN_VERIFICATION_TOKEN", "doctor-plugin-verification");
        STARTED.add(AgendaApiProcess.start(authUrl, env));
    }

    @AfterAll
    static void stop() {
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            try {
                STARTED.get(i).close();
            } catch (Exception e) {
                System.out.println("[actiongate] stopping failed: " + e);
            }
        }
    }

    private static Run doctor(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exitCode = Doctor.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), args);
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println("[doctor] " + String.join(" ", args).replaceAll("(--client-secret|--password) \\S+", "$1 ***") + "\n" + output);
        assertThat(output).as("secrets are " + SECRET_FREE_MARKER)
                .doesNotContain(settings.clientSecret()).doesNotContain(settings.demoPassword());
        return new Run(exitCode, output);
    }

    private static Run gpt(String clientId, String secret, String callback, String api) {
        return doctor("gpt", "--auth", issuer, "--api", api + "/openapi.yaml", "--client-id", clientId,
                "--client-secret", secret, "--callback", callback, "--user", settings.demoUser(), "--password", settings.demoPassword());
    }

    @Test
    void theGptPathPassesAgainstActionGate() {
        Run run = gpt(settings.clientId(), settings.clientSecret(), TestCallbacks.APPROVED, apiUrl);

        assertThat(run.failedIds()).isEmpty();
        assertThat(run.output()).doesNotContain("SKIP  ");
        assertThat(run.exitCode()).isZero();
        for (String id : List.of("gpt.discovery", "gpt.same-root-domain", "openapi.operation-ids", "openapi.description-lengths",
                "openapi.oauth-scheme", "gpt.authorization-request.empty-scope", "gpt.authorization-request.no-scope",
                "gpt.callback-approved", "gpt.state", "gpt.token.post-body", "gpt.token.basic-header", "gpt.token.type",
                "gpt.token.expires-in", "gpt.token.refresh", "gpt.token.offline", "api.challenge", "api.with-token")) {
            assertThat(run.line(id)).startsWith("PASS  ");
        }
    }

    @Test
    void theJsonReportSaysTheSameAndTheExitCodeFollowsIt() {
        Run run = doctor("gpt", "--json", "--auth", issuer, "--api", apiUrl + "/openapi.yaml", "--client-id", settings.clientId(),
                "--client-secret", "wrong-" + settings.clientSecret().substring(0, 4), "--callback", TestCallbacks.APPROVED,
                "--user", settings.demoUser(), "--password", settings.demoPassword());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).startsWith("{").contains("\"command\" : \"gpt\"")
                .contains("\"id\" : \"gpt.token.post-body\",\n    \"outcome\" : \"FAILED\"")
                .contains("\"id\" : \"gpt.discovery\",\n    \"outcome\" : \"PASSED\"");
    }

    @Test
    void aClientWithoutTheTokenResponseMapperIsNamed() {
        KeycloakAdmin.GptClient plain = admin.createGptClient(TestCallbacks.APPROVED, client -> {
            client.setProtocolMappers(client.getProtocolMappers().stream()
                    .filter(mapper -> !"chatgpt-token-response".equals(mapper.getProtocolMapper())).toList());
            return client;
        });

        Run run = gpt(plain.clientId(), plain.secret(), TestCallbacks.APPROVED, apiUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("gpt.token.type")).startsWith("FAIL  ").contains("\"Bearer\"").contains("chatgpt-token-response");
        assertThat(run.line("gpt.token.post-body")).startsWith("PASS  ");
    }

    @Test
    void aCallbackNotApprovedIsNamedWithWhereToApproveIt() {
        Run run = gpt(settings.clientId(), settings.clientSecret(), "https://chatgpt.com/aip/g-doctornotapproved/oauth/callback", apiUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("gpt.callback-approved")).startsWith("FAIL  ").contains("waiting for approval").contains("GPT clients");
    }

    @Test
    void anApiOnAnotherRootDomainIsNamed() throws Exception {
        int port = FreePorts.free();
        String otherDomain = "https://api.example.net:" + port;
        startApi(otherDomain, port);

        Run run = gpt(settings.clientId(), settings.clientSecret(), TestCallbacks.APPROVED, otherDomain);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("gpt.same-root-domain")).startsWith("FAIL  ").contains("example.net").contains("PUBLIC_API_URL");
    }

    @Test
    void aSchemaTheEditorRefusesAndAPublicApiAreNamed() throws Exception {
        try (StaticHttpsServer server = StaticHttpsServer.start()) {
            String schema = """
                    openapi: 3.1.0
                    info: {title: Bad, version: "1"}
                    servers: [{url: "%s"}]
                    security: [{oauth: []}]
                    paths:
                      /today:
                        get:
                          description: "%s"
                          responses: {"200": {description: ok}}
                    components:
                      securitySchemes:
                        oauth:
                          type: oauth2
                          flows:
                            authorizationCode:
                              authorizationUrl: %s/protocol/openid-connect/auth
                              tokenUrl: %s/protocol/openid-connect/token
                              scopes: {}
                    """.formatted(server.url().replace("tools.", "api."), "x".repeat(301), issuer, issuer);
            server.answer("/openapi.yaml", 200, "application/yaml", schema);
            server.answer("/today", 200, "application/json", "[]");

            // The schema's server is the same test server under api.example.com (both names resolve to it).
            Run run = gpt(settings.clientId(), settings.clientSecret(), TestCallbacks.APPROVED, server.url());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.line("openapi.operation-ids")).startsWith("FAIL  ").contains("GET /today");
            assertThat(run.line("openapi.description-lengths")).startsWith("FAIL  ").contains("301 characters, at most 300");
            assertThat(run.line("api.challenge")).startsWith("FAIL  ").contains("HTTP 200").contains("does not require a token");
            assertThat(run.line("openapi.oauth-scheme")).startsWith("PASS  ");
        }
    }

    @Test
    void theConnectorPathPassesAgainstActionGate() {
        Run run = doctor("mcp", "--url", apiUrl + "/mcp", "--user", settings.demoUser(), "--password", settings.demoPassword());

        assertThat(run.failedIds()).isEmpty();
        assertThat(run.exitCode()).isZero();
        for (String id : List.of("mcp.challenge", "mcp.prm.path-inserted", "mcp.prm.root", "mcp.prm.resource", "mcp.as.metadata",
                "mcp.as.issuer", "mcp.as.pkce", "mcp.as.iss", "mcp.registration", "mcp.registration.dcr", "mcp.sign-in",
                "mcp.iss-returned", "mcp.token.audience", "mcp.tools-list", "mcp.registration.deleted")) {
            assertThat(run.line(id)).startsWith("PASS  ");
        }
        assertThat(admin.realm().clients().findAll().stream().map(client -> String.valueOf(client.getName())))
                .as("the doctor's registration is gone").noneMatch(name -> name.contains("ActionGate doctor"));
    }

    @Test
    void metadataNamingTheIssuerWithATrailingSlashIsNamed() throws Exception {
        try (StaticHttpsServer server = StaticHttpsServer.start()) {
            String resource = server.url() + "/mcp";
            server.answer("/mcp", 401, Map.of("WWW-Authenticate", "Bearer resource_metadata=\"" + server.url()
                    + "/.well-known/oauth-protected-resource/mcp\""), "");
            String prm = "{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + issuer + "/\"]}";
            server.answer("/.well-known/oauth-protected-resource/mcp", 200, "application/json", prm);
            server.answer("/.well-known/oauth-protected-resource", 200, "application/json", prm);

            Run run = doctor("mcp", "--url", resource);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.failedIds()).containsAnyOf("mcp.as.metadata", "mcp.as.issuer");
            assertThat(run.output()).contains("trailing slash");
            assertThat(run.line("mcp.prm.resource")).startsWith("PASS  ");
        }
    }

    @Test
    void authorizationServerMetadataWithoutS256IsNamed() throws Exception {
        try (StaticHttpsServer server = StaticHttpsServer.start()) {
            String resource = server.url() + "/mcp";
            String asIssuer = server.url() + "/realms/gpt";
            server.answer("/mcp", 401, Map.of("WWW-Authenticate", "Bearer resource_metadata=\"" + server.url()
                    + "/.well-known/oauth-protected-resource/mcp\""), "");
            String prm = "{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + asIssuer + "\"]}";
            server.answer("/.well-known/oauth-protected-resource/mcp", 200, "application/json", prm);
            server.answer("/.well-known/oauth-protected-resource", 200, "application/json", prm);
            // Keycloak's own metadata, as a server that does not advertise S256 would serve it.
            String real = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(authUrl + "/.well-known/oauth-authorization-server/realms/gpt")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
            String withoutS256 = real.replace(issuer + "\"", asIssuer + "\"").replaceAll("\"code_challenge_methods_supported\":\\[[^]]*]", "\"code_challenge_methods_supported\":[\"plain\"]");
            assertThat(withoutS256).contains("\"code_challenge_methods_supported\":[\"plain\"]");
            server.answer("/.well-known/oauth-authorization-server/realms/gpt", 200, "application/json", withoutS256);

            Run run = doctor("mcp", "--url", resource);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.line("mcp.as.pkce")).startsWith("FAIL  ").contains("S256");
            assertThat(run.line("mcp.as.issuer")).startsWith("PASS  ");
        }
    }

    @Test
    void thePluginManifestPassesInItsOauthMode() {
        Run run = doctor("plugin", "--api", apiUrl);

        assertThat(run.failedIds()).isEmpty();
        assertThat(run.line("plugin.oauth.urls")).startsWith("PASS  ");
        assertThat(run.exitCode()).isZero();
    }
}
