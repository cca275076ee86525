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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the MCP layer costs: {@code tools/call listItems} through {@code /mcp} against {@code GET /items}, the same
 * user and the same items, each with its own user access token (a connector's for /mcp, a GPT Action's for /items,
 * both checked the same way: signature, audience, cached userinfo), in alternating rounds of one run.
 * {@code ./mvnw -Pbenchmark verify -pl deploy -am}; figures in deploy/target/benchmark-results.txt.
 */
class McpVersusRestBenchmark {

    private static final String LIST_ITEMS = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"listItems\",\"arguments\":{}}}";

    @Test
    void listItemsThroughMcpAgainstRest() throws Exception {
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

            HttpRequest rest = HttpRequest.newBuilder(URI.create(apiUrl + "/items"))
                    .header("Authorization", "Bearer " + gptToken).GET().build();
            HttpRequest mcp = HttpRequest.newBuilder(URI.create(apiUrl + "/mcp"))
                    .header("Authorization", "Bearer " + mcpToken).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(LIST_ITEMS)).build();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(given().auth().oauth2(mcpToken).contentType("application/json").accept("application/json, text/event-stream")
                    .body(LIST_ITEMS).post(apiUrl + "/mcp").then().statusCode(200).extract().jsonPath()
                    .getList("result.structuredContent.items")).hasSize(5);

            Throughput.Comparison rates = Throughput.alternating(http, rest, "GET /items", mcp, "tools/call listItems");
            List<Double> restRates = rates.first();
            List<Double> mcpRates = rates.second();
            double restRate = Throughput.median(restRates);
            double mcpRate = Throughput.median(mcpRates);
            String report = String.format(
                    "Agenda API, listItems, %d threads, %d rounds of %ds each (median of rounds):%n"
                            + "  GET /items                   %8.1f req/s   rounds %s%n"
                            + "  /mcp tools/call listItems    %8.1f req/s   rounds %s%n"
                            + "  ratio (MCP / REST) %.3f%n",
                    Throughput.THREADS, Throughput.ROUNDS, Throughput.ROUND.toSeconds(), restRate, Throughput.format(restRates),
                    mcpRate, Throughput.format(mcpRates), mcpRate / restRate);
            System.out.print(report);
            Path results = Paths.get("target", "benchmark-results.txt");
            Files.createDirectories(results.getParent());
            Files.writeString(results, report);
            assertThat(restRate).as("the benchmark measured something").isPositive();
            assertThat(mcpRate).isPositive();
        }
    }
}
