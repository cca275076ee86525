package io.actiongate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.AgendaApiProcess;
import io.actiongate.server.testing.ChatGpt;
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
import java.util.function.Function;
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
        startApi(publicApiUrl, tlsPort, Map.of());
    }

    private static void startApi(String publicApiUrl, int tlsPort, Map<String, String> settingsOfThisRun) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(apiTls);
        env.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(tlsPort));
        env.put("PUBLIC_API_URL", publicApiUrl);
        // The API reaches Keycloak at its public name too, so it resolves and trusts the way the test JVM does.
        env.put("API_JAVA_OPTS", "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file")
                + " -Djavax.net.ssl.trustStore=" + System.getProperty("javax.net.ssl.trustStore")
                + " -Djavax.net.ssl.trustStorePassword=" + TestTls.PASSWORD + " -Djavax.net.ssl.trustStoreType=PKCS12");
        env.put("WEB_CLIENT_SECRET", settings.webClientSecret());
        env.put("PLUGIN_VERIFICATION_TOKEN", "doctor-plugin-verification");
        env.putAll(settingsOfThisRun);
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
        return doctor(url -> null, args);
    }

    private static Run doctor(Function<String, String> browser, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exitCode = Doctor.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), browser, args);
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println("[doctor] " + String.join(" ", args).replaceAll("(--client-secret|--password) \\S+", "$1 ***") + "\n" + output);
        assertThat(output).as("secrets are " + SECRET_FREE_MARKER)
                .doesNotContain(settings.clientSecret()).doesNotContain(settings.demoPassword());
        return new Run(exitCode, output);
    }

    private static Run gpt(String clientId, String secret, String callback, String api) {
        return gpt(clientId, secret, callback, api, settings.demoPassword());
    }

    private static Run gpt(String clientId, String secret, String callback, String api, String password) {
        return doctor("gpt", "--auth", issuer, "--api", api + "/openapi.yaml", "--client-id", clientId,
                "--client-secret", secret, "--callback", callback, "--user", settings.demoUser(), "--password", password);
    }

    /** A GPT client like the realm's, without the protocol mapper of this type. */
    private static KeycloakAdmin.GptClient gptClientWithout(String mapperType) {
        return admin.createGptClient(TestCallbacks.APPROVED, client -> {
            client.setProtocolMappers(client.getProtocolMappers().stream()
                    .filter(mapper -> !mapperType.equals(mapper.getProtocolMapper())).toList());
            return client;
        });
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
        KeycloakAdmin.GptClient plain = gptClientWithout("chatgpt-token-response");

        Run run = gpt(plain.clientId(), plain.secret(), TestCallbacks.APPROVED, apiUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("gpt.token.type")).startsWith("FAIL  ").contains("\"Bearer\"").contains("chatgpt-token-response");
        assertThat(run.line("gpt.token.post-body")).startsWith("PASS  ");
    }

    @Test
    void theSignInGoesThroughKeycloaksOwnPagesToo() {
        org.keycloak.representations.idm.RealmRepresentation realm = admin.realm().toRepresentation();
        String actionGateTheme = realm.getLoginTheme();
        realm.setLoginTheme("keycloak");
        admin.realm().update(realm);
        assertThat(admin.realm().toRepresentation().getLoginTheme()).isEqualTo("keycloak");
        try {
            Run run = gpt(settings.clientId(), settings.clientSecret(), TestCallbacks.APPROVED, apiUrl);

            assertThat(run.failedIds()).isEmpty();
            assertThat(run.line("gpt.sign-in")).startsWith("PASS  ");
            assertThat(run.line("gpt.token.basic-header")).startsWith("PASS  ");
        } finally {
            realm.setLoginTheme(actionGateTheme);
            admin.realm().update(realm);
        }
    }

    @Test
    void withoutAPasswordTheAddressTheBrowserEndedOnIsUsed() {
        // The builder's browser: a real sign-in on ActionGate's pages, started from the URL the doctor printed.
        List<String> shown = new ArrayList<>();
        Function<String, String> browser = url -> {
            shown.add(url);
            return new ChatGpt(keycloak).signInAt(url, TestCallbacks.APPROVED, settings.demoUser(), settings.demoPassword()).location().toString();
        };

        Run run = doctor(browser, "gpt", "--auth", issuer, "--api", apiUrl + "/openapi.yaml", "--client-id", settings.clientId(),
                "--client-secret", settings.clientSecret(), "--callback", TestCallbacks.APPROVED);

        assertThat(shown).singleElement().asString().startsWith(authUrl + "/realms/gpt/protocol/openid-connect/auth?");
        assertThat(run.failedIds()).isEmpty();
        for (String id : List.of("gpt.sign-in", "gpt.state", "gpt.token.post-body", "gpt.token.type", "gpt.token.offline", "api.with-token")) {
            assertThat(run.line(id)).startsWith("PASS  ");
        }
        assertThat(run.line("gpt.token.basic-header")).startsWith("SKIP  ").contains("--user and --password");

        Run nothingPasted = doctor(url -> null, "gpt", "--auth", issuer, "--api", apiUrl + "/openapi.yaml", "--client-id", settings.clientId(),
                "--client-secret", settings.clientSecret(), "--callback", TestCallbacks.APPROVED);
        assertThat(nothingPasted.line("gpt.sign-in")).startsWith("SKIP  ").contains("no address pasted");
        assertThat(nothingPasted.exitCode()).isZero();
    }

    @Test
    void anUnknownClientAndARefusedPasswordAreNamed() {
        Run unknownClient = gpt("no-such-gpt-client", settings.clientSecret(), TestCallbacks.APPROVED, apiUrl);
        assertThat(unknownClient.exitCode()).isEqualTo(1);
        assertThat(unknownClient.line("gpt.authorization-request.openid-offline")).startsWith("FAIL  ").contains("GPT_CLIENT_ID");

        Run wrongPassword = gpt(settings.clientId(), settings.clientSecret(), TestCallbacks.APPROVED, apiUrl, "not-the-password");
        assertThat(wrongPassword.exitCode()).isEqualTo(1);
        assertThat(wrongPassword.line("gpt.sign-in")).startsWith("FAIL  ").contains("login form came back");
    }

    @Test
    void aClientWithoutOfflineAccessIsNamed() {
        KeycloakAdmin.GptClient online = admin.createGptClient(TestCallbacks.APPROVED, client -> {
            client.setDefaultClientScopes(client.getDefaultClientScopes().stream().filter(scope -> !"offline_access".equals(scope)).toList());
            client.setOptionalClientScopes(client.getOptionalClientScopes().stream().filter(scope -> !"offline_access".equals(scope)).toList());
            return client;
        });

        Run run = gpt(online.clientId(), online.secret(), TestCallbacks.APPROVED, apiUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("gpt.token.offline")).startsWith("FAIL  ").contains("tied to the browser session").contains("offline_access");
        assertThat(run.line("gpt.token.refresh")).startsWith("PASS  ");
    }

    @Test
    void aClientWhoseTokensLackTheApisAudienceIsNamed() {
        KeycloakAdmin.GptClient noAudience = gptClientWithout("oidc-audience-mapper");

        Run run = gpt(noAudience.clientId(), noAudience.secret(), TestCallbacks.APPROVED, apiUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("api.with-token")).startsWith("FAIL  ").contains("HTTP 401").contains("agenda-api");
        assertThat(run.line("api.challenge")).startsWith("PASS  ");
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
            // The schema's server is the same test server under api.example.com (both names resolve to it).
            String schema = FakeDeployment.openApi(server.url("api.example.com"), issuer + "/protocol/openid-connect/auth",
                    issuer + "/protocol/openid-connect/token");
            String broken = schema.replaceAll(" *operationId: listItems\n", "").replace("Lists the user's items.", "x".repeat(301));
            assertThat(broken).isNotEqualTo(schema).doesNotContain("operationId");
            server.answer("/openapi.yaml", 200, "application/yaml", broken);
            server.answer("/items", 200, "application/json", "[]");

            Run run = gpt(settings.clientId(), settings.clientSecret(), TestCallbacks.APPROVED, server.url());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.line("openapi.operation-ids")).startsWith("FAIL  ").contains("GET /items");
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
    void thePluginManifestPassesInItsOauthMode() {
        Run run = doctor("plugin", "--api", apiUrl);

        assertThat(run.failedIds()).isEmpty();
        assertThat(run.line("plugin.oauth.urls")).startsWith("PASS  ");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void thePluginManifestPassesInTheOtherModesTheProductServes() throws Exception {
        for (Map<String, String> mode : List.of(Map.of("PLUGIN_AUTH_TYPE", "none"),
                Map.of("PLUGIN_AUTH_TYPE", "service_http", "SERVICE_TOKENS", "doctor-service-token-value"))) {
            int port = FreePorts.free();
            String api = "https://api.example.com:" + port;
            startApi(api, port, mode);
            // Ready on its plain port, a freshly started API did not always answer yet on its TLS port under the
            // public name, which the doctor asks at once here ("did not answer: ClosedChannelException").
            ((AgendaApiProcess) STARTED.get(STARTED.size() - 1)).awaitAnswer(java.net.URI.create(api + "/q/health/ready"));

            Run run = doctor("plugin", "--api", api);

            assertThat(run.failedIds()).isEmpty();
            assertThat(run.line("plugin.auth")).startsWith("PASS  ").contains(mode.get("PLUGIN_AUTH_TYPE"));
            assertThat(run.output()).doesNotContain("doctor-service-token-value");
            assertThat(run.exitCode()).isZero();
        }
    }
}
