package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.AgendaPageSession;
import io.actiongate.server.testing.BinStart;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.FreePorts;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.RunningKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's run command, as a user runs it: start, sign in, add an item, stop, start again, item kept. */
class BinStartIT {

    @Test
    void startsBothServicesPrintsTheGptSettingsAndKeepsDataAcrossRestarts() throws Exception {
        int authPort = FreePorts.free();
        int apiPort = FreePorts.free();
        Map<String, String> env = Map.of(
                "AUTH_PORT", String.valueOf(authPort),
                "AUTH_MANAGEMENT_PORT", String.valueOf(FreePorts.free()),
                "API_PORT", String.valueOf(apiPort),
                "DATA_DIR", Files.createTempDirectory("actiongate-bin-start-").toString(),
                "GPT_CALLBACKS", TestCallbacks.APPROVED);

        BinStart first = BinStart.start(env, "first");
        String authUrl = "http://localhost:" + authPort;
        assertThat(first.output())
                .contains("Client ID              agenda-gpt")
                .contains("Authorization URL      " + authUrl + "/realms/gpt/protocol/openid-connect/auth")
                .contains("Token URL              " + authUrl + "/realms/gpt/protocol/openid-connect/token")
                .contains("Scope                  openid offline_access")
                .contains("Token Exchange Method  Default (POST request)")
                .contains("http://localhost:" + apiPort + "/openapi.yaml")
                .contains("  " + TestCallbacks.APPROVED)
                .contains("MCP server URL         http://localhost:" + apiPort + "/mcp")
                .contains("OAuth Client ID        leave empty: ChatGPT identifies itself (MCP_REGISTRATION=cimd)")
                .contains("or agenda-mcp   (the predefined client")
                .contains("Your agenda page         http://localhost:" + apiPort + "/");
        // The agenda page signs the demo user in with the page's client: the launcher gave Keycloak and the API one secret.
        AgendaPageSession page = AgendaPageSession.signIn("http://localhost:" + apiPort, new RunningKeycloak(authUrl, settingsOf(first)),
                "demo", first.demoPassword());
        assertThat(given().cookies(page.cookies()).get("http://localhost:" + apiPort + "/").then().statusCode(200)
                .extract().asString()).contains("Your agenda");
        // The MCP server the launcher started is the resource its Keycloak issues connector tokens for.
        String mcpUrl = "http://localhost:" + apiPort + "/mcp";
        String connectorToken = new McpConnector(new RunningKeycloak(authUrl, settingsOf(first)))
                .accessToken(mcpUrl, McpConnector.ALL_SCOPES, "demo", first.demoPassword());
        given().auth().oauth2(connectorToken).contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params", Map.of("name", "listItems", "arguments", Map.of())))
                .post(mcpUrl).then().statusCode(200).body("result.isError", org.hamcrest.Matchers.equalTo(false));
        String token = signIn(first, authUrl);
        given().baseUri("http://localhost:" + apiPort).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("date", "2026-12-31", "text", "Kept across restarts")).post("/items")
                .then().statusCode(201);
        first.stop();
        assertThat(listening(authPort)).as("Keycloak stopped").isFalse();
        assertThat(listening(apiPort)).as("the API stopped").isFalse();

        assertThat(first.output()).contains("Realm:").contains("  at version 6, this build's; no step to run");

        // A secret given on a later start wins over the kept one: Keycloak takes it, bin/start prints and keeps it.
        String newSecret = "given-on-the-second-start-" + UUID.randomUUID();
        Map<String, String> withSecret = new HashMap<>(env);
        withSecret.put("GPT_CLIENT_SECRET", newSecret);
        BinStart second = BinStart.start(withSecret, "second");
        assertThat(second.value("Client Secret")).isEqualTo(newSecret);
        assertThat(second.output()).contains("  setting changed: agenda-gpt secret (GPT_CLIENT_SECRET) replaced")
                .doesNotContain("  setting changed: agenda-gpt secret (GPT_CLIENT_SECRET): ");
        assertThat(Files.readString(Path.of(env.get("DATA_DIR"), "secrets.env"))).contains("GPT_CLIENT_SECRET=" + newSecret);
        assertThat(second.demoPassword()).isEqualTo(first.demoPassword());
        given().baseUri("http://localhost:" + apiPort).auth().oauth2(signIn(second, authUrl)).get("/items")
                .then().statusCode(200)
                .body("text", org.hamcrest.Matchers.hasItem("Kept across restarts"));
        second.stop();
    }

    private static RealmSettings settingsOf(BinStart started) {
        return new RealmSettings("agenda-gpt", started.value("Client Secret"), TestCallbacks.APPROVED,
                "demo", started.demoPassword(), "admin", "unused", "unused");
    }

    private static String signIn(BinStart started, String authUrl) {
        ChatGpt chatGpt = new ChatGpt(new RunningKeycloak(authUrl, settingsOf(started)));
        ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "bin-start", "openid offline_access");
        return chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("access_token");
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
