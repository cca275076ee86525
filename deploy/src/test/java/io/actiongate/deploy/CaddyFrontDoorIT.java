package io.actiongate.deploy;

import static io.actiongate.server.testing.BinStart.ROOT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.AgendaApiProcess;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.FreePorts;
import io.actiongate.server.testing.HeadlessChromium;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.PostgresServer;
import io.actiongate.server.testing.Readiness;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.RunningKeycloak;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real deploy/Caddyfile in front of the staged Keycloak and two agenda API instances: what ChatGPT's connectors reach
 * through the proxy (discovery at every place, the protected-resource metadata, /mcp with a token) is what they
 * reach directly. The sites are plain-HTTP loopback addresses (AUTH_HOST, API_HOST), so no certificate is needed;
 * the only change to the file is its admin endpoint, switched off so that no fixed port is taken.
 */
@EnabledIf("io.actiongate.server.testing.PostgresServer#availableOrFailOnCi")
class CaddyFrontDoorIT {

    private static PostgresServer postgres;
    private static StagedKeycloak keycloak;
    private static AgendaApiProcess apiA;
    private static AgendaApiProcess apiB;
    private static Process caddy;
    private static String authUrl;
    private static String apiUrl;
    private static RealmSettings settings;

    @BeforeAll
    static void start() throws Exception {
        Parts.assumeTool("caddy", "caddy");
        authUrl = "http://localhost:" + FreePorts.free();
        apiUrl = "http://localhost:" + FreePorts.free();
        settings = RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES);
        postgres = PostgresServer.start("agenda");
        keycloak = StagedKeycloak.start(settings, Map.of("PUBLIC_AUTH_URL", authUrl, "PUBLIC_API_URL", apiUrl,
                "KC_PROXY_HEADERS", "xforwarded"));
        int apiPortA = FreePorts.free();
        int apiPortB = FreePorts.free();

        Path config = Files.createTempFile("actiongate-caddy-", ".Caddyfile");
        String caddyfile = Files.readString(ROOT.resolve("deploy/Caddyfile"));
        assertThat(caddyfile).contains("{\n\temail {$ACME_EMAIL}\n}");
        Files.writeString(config, caddyfile.replace("{\n\temail {$ACME_EMAIL}\n}", "{\n\temail {$ACME_EMAIL}\n\tadmin off\n}"));
        Path log = Paths.get("target", "caddy-" + URI.create(apiUrl).getPort() + ".log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("caddy", "run", "--config", config.toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "ACME_EMAIL", "admin@example.com",
                "AUTH_HOST", authUrl,
                "API_HOST", apiUrl,
                "KEYCLOAK_UPSTREAMS", URI.create(keycloak.baseUrl()).getAuthority(),
                "KEYCLOAK_MANAGEMENT_PORT", String.valueOf(keycloak.managementPort()),
                "API_UPSTREAMS", "localhost:" + apiPortA + " localhost:" + apiPortB,
                "XDG_DATA_HOME", Files.createTempDirectory("actiongate-caddy-data-").toString(),
                "XDG_CONFIG_HOME", Files.createTempDirectory("actiongate-caddy-config-").toString()));
        caddy = builder.start();
        Readiness.awaitHttp200("Caddy", caddy, List.of(URI.create(authUrl + "/realms/gpt/.well-known/openid-configuration")),
                Duration.ofMinutes(1), () -> "see " + log);
        // Two API instances, as when scaling out; each, as in production, reaches Keycloak at its public URL: through
        // the proxy. Their access logs show which one answered.
        apiA = AgendaApiProcess.start(postgres, "agenda", authUrl, Map.of("API_PORT", String.valueOf(apiPortA),
                "PUBLIC_API_URL", apiUrl, "QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true", "WEB_CLIENT_SECRET", settings.webClientSecret()));
        apiB = AgendaApiProcess.start(postgres, "agenda", authUrl, Map.of("API_PORT", String.valueOf(apiPortB),
                "PUBLIC_API_URL", apiUrl, "QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true", "WEB_CLIENT_SECRET", settings.webClientSecret()));
        Readiness.awaitHttp200("The agenda API through Caddy", caddy, List.of(URI.create(apiUrl + "/q/health/ready")),
                Duration.ofMinutes(1), () -> "see " + log);
    }

    @AfterAll
    static void stop() {
        if (caddy != null) {
            caddy.destroy();
        }
        Parts.stopAll(apiB, apiA, keycloak, postgres);
    }

    @Test
    void discoveryAnswersAtEveryPlaceThroughTheProxy() {
        for (String place : List.of("/.well-known/oauth-authorization-server/realms/gpt",
                "/.well-known/openid-configuration/realms/gpt", "/realms/gpt/.well-known/openid-configuration")) {
            JsonPath metadata = given().get(authUrl + place).then().statusCode(200).extract().jsonPath();
            assertThat(metadata.getString("issuer")).as(place).isEqualTo(authUrl + "/realms/gpt");
        }
        given().redirects().follow(false).get(authUrl + "/admin/").then().statusCode(404); // not on the public host
    }

    @Test
    void aConnectorReachesTheMcpServerThroughTheProxy() throws Exception {
        Response challenge = given().contentType("application/json").accept("application/json, text/event-stream")
                .body(listItems()).post(apiUrl + "/mcp");
        challenge.then().statusCode(401);
        String metadataUrl = apiUrl + "/.well-known/oauth-protected-resource/mcp";
        assertThat(challenge.header("WWW-Authenticate")).contains("resource_metadata=\"" + metadataUrl + "\"");
        JsonPath metadata = given().get(metadataUrl).then().statusCode(200).extract().jsonPath();
        assertThat(metadata.getString("resource")).isEqualTo(apiUrl + "/mcp");
        assertThat(metadata.getList("authorization_servers", String.class)).containsExactly(authUrl + "/realms/gpt");

        String token = new McpConnector(new RunningKeycloak(authUrl, settings))
                .accessToken(apiUrl + "/mcp", McpConnector.ALL_SCOPES, settings.demoUser(), settings.demoPassword());
        long before = apiA.requestsLogged("POST", "/mcp") + apiB.requestsLogged("POST", "/mcp");
        for (int call = 0; call < 20; call++) {
            given().auth().oauth2(token).contentType("application/json").accept("application/json, text/event-stream")
                    .body(listItems()).post(apiUrl + "/mcp")
                    .then().statusCode(200).body("result.isError", org.hamcrest.Matchers.equalTo(false));
        }
        // Caddy spreads the calls (random by default): stateless Streamable HTTP, so both instances answer them.
        long onA = apiA.requestsLogged("POST", "/mcp");
        long onB = apiB.requestsLogged("POST", "/mcp");
        assertThat(onA + onB - before).as("every call logged by one instance").isGreaterThanOrEqualTo(20);
        assertThat(onA).as("calls answered by instance A").isPositive();
        assertThat(onB).as("calls answered by instance B").isPositive();
    }

    /**
     * Two instances, one PostgreSQL: a GPT Action's change through instance A appears, without reload, on the
     * agenda page instance B serves (PostgreSQL's LISTEN/NOTIFY), within 2 s.
     */
    @Test
    void aChangeThroughOneInstanceReachesThePageTheOtherServes() {
        Assumptions.assumeTrue(HeadlessChromium.availableOrFailOnCi(), "Chromium is not installed");
        try (KeycloakAdmin admin = new KeycloakAdmin(keycloak)) {
            admin.updateClient(admin.clientUuid("agenda-web"), client -> {
                client.setRedirectUris(List.of(apiUrl + "/*", apiB.url() + "/*"));
                return client;
            });
        }
        ChromeDriver page = HeadlessChromium.open(1280);
        try {
            page.get(apiB.url() + "/");
            new WebDriverWait(page, Duration.ofSeconds(15)).until(browser -> !browser.findElements(By.id("password")).isEmpty());
            page.findElement(By.id("username")).sendKeys(settings.demoUser());
            page.findElement(By.id("password")).sendKeys(settings.demoPassword());
            page.findElement(By.id("kc-login")).click();
            new WebDriverWait(page, Duration.ofSeconds(15)).until(browser -> !browser.findElements(By.id("agenda")).isEmpty());

            ChatGpt chatGpt = new ChatGpt(new RunningKeycloak(authUrl, settings));
            ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "cluster-page", "openid offline_access",
                    settings.demoUser(), settings.demoPassword());
            String token = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, ChatGpt.TokenExchangeMethod.POST_BODY)
                    .then().statusCode(200).extract().path("access_token");
            String text = "Through instance A " + System.nanoTime();
            given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("date", java.time.LocalDate.now().toString(), "text", text))
                    .post(apiA.url() + "/items").then().statusCode(201);
            new WebDriverWait(page, Duration.ofSeconds(2), Duration.ofMillis(50))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(browser -> browser.findElements(By.cssSelector("#agenda .edit input[name=text]")).stream()
                            .anyMatch(field -> text.equals(field.getAttribute("value"))));
        } finally {
            page.quit();
        }
    }

    private static Map<String, Object> listItems() {
        return Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params", Map.of("name", "listItems", "arguments", Map.of()));
    }
}
