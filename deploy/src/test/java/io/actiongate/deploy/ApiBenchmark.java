package io.actiongate.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.actiongate.server.testing.Throughput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What checking a token costs the agenda API, and what the MCP layer costs: in rotating rounds of one run, the
 * public {@code GET /today}, the authenticated {@code GET /stats} (its count kept for STATS_MAX_AGE) and {@code GET /items} with a GPT
 * Action's token, Keycloak's userinfo with the same token, and {@code tools/call listItems} through {@code /mcp}
 * with a connector's token for the same user and items. Prints the ratios issue 19 sets targets for, and both
 * services' resident memory after the load.
 * {@code ./mvnw -Pbenchmark verify -pl keycloak-server,resource-server,deploy -am}; figures in
 * deploy/target/benchmark-results.txt.
 */
class ApiBenchmark {

    private static final String LIST_ITEMS = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"listItems\",\"arguments\":{}}}";

    @Test
    void theTokenCheckAndTheMcpLayerAgainstTheirBaselines() throws Exception {
        try (LoopbackDeployment deployment = LoopbackDeployment.start()) {
            String apiUrl = deployment.apiUrl();
            RealmSettings settings = deployment.settings();
            StagedKeycloak keycloak = deployment.keycloak();
            String mcpToken = new McpConnector(keycloak).accessToken(apiUrl + "/mcp", McpConnector.ALL_SCOPES,
                    settings.demoUser(), settings.demoPassword());
            ChatGpt gpt = new ChatGpt(keycloak);
            String gptToken = gpt.exchangeCode(gpt.signIn(TestCallbacks.APPROVED, "benchmark", "openid offline_access").code(),
                    TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY).then().statusCode(200).extract().path("access_token");
            for (int i = 0; i < 5; i++) {
                given().auth().oauth2(gptToken).contentType("application/json")
                        .body(Map.of("date", "2026-12-1" + i, "text", "Item " + i)).post(apiUrl + "/items").then().statusCode(201);
            }
            assertThat(given().auth().oauth2(mcpToken).contentType("application/json").accept("application/json, text/event-stream")
                    .body(LIST_ITEMS).post(apiUrl + "/mcp").then().statusCode(200).extract().jsonPath()
                    .getList("result.structuredContent.items")).hasSize(5);

            Map<String, HttpRequest> requests = new LinkedHashMap<>();
            requests.put("GET /today (public)", get(apiUrl + "/today", null));
            requests.put("GET /stats", get(apiUrl + "/stats", gptToken));
            requests.put("GET /items", get(apiUrl + "/items", gptToken));
            requests.put("Keycloak userinfo", get(keycloak.userinfoUrl(), gptToken));
            requests.put("/mcp tools/call listItems", HttpRequest.newBuilder(URI.create(apiUrl + "/mcp"))
                    .header("Authorization", "Bearer " + mcpToken).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(LIST_ITEMS)).build());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Map<String, List<Double>> rates = Throughput.rotating(http, requests);

            StringBuilder report = new StringBuilder(String.format(
                    "Agenda API and Keycloak, %d threads, %d rounds of %ds each (median of rounds):%n",
                    Throughput.THREADS, Throughput.ROUNDS, Throughput.ROUND.toSeconds()));
            rates.forEach((name, rounds) -> report.append(String.format("  %-28s %8.1f req/s   rounds %s%n",
                    name, Throughput.median(rounds), Throughput.format(rounds))));
            double today = Throughput.median(rates.get("GET /today (public)"));
            double stats = Throughput.median(rates.get("GET /stats"));
            double items = Throughput.median(rates.get("GET /items"));
            double userinfo = Throughput.median(rates.get("Keycloak userinfo"));
            double mcp = Throughput.median(rates.get("/mcp tools/call listItems"));
            report.append(String.format("  ratio /stats / /today          %.3f   (target >= 0.6)%n", stats / today));
            report.append(String.format("  ratio /items / userinfo        %.3f   (target >= 5)%n", items / userinfo));
            report.append(String.format("  ratio MCP listItems / /items   %.3f   (target >= 0.8)%n", mcp / items));
            report.append(String.format("  resident memory after the load: agenda API %d MiB, Keycloak %d MiB%n",
                    deployment.api().residentMebibytes(), keycloak.residentMebibytes()));
            System.out.print(report);
            Path results = Paths.get("target", "benchmark-results.txt");
            Files.createDirectories(results.getParent());
            Files.writeString(results, report);
            assertThat(rates.values()).allSatisfy(rounds -> assertThat(Throughput.median(rounds)).isPositive());
        }
    }

    private static HttpRequest get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        return (token == null ? request : request.header("Authorization", "Bearer " + token)).build();
    }
}
