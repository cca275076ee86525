package io.actiongate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actiongate.server.testing.AgendaApiProcess;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.FrontDoor;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.MetadataDocumentServer;
import io.actiongate.server.testing.PostgresServer;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * A ChatGPT connector as an MCP client nobody here wrote drives the whole path: the official MCP TypeScript SDK
 * ({@code src/test/mcp-client}, run with Node) against the staged Keycloak and two agenda API instances on one
 * PostgreSQL behind one front door. The SDK meets the 401 challenge, reads the protected-resource and
 * authorization-server metadata, sends PKCE and {@code resource}; the user signs in and consents on the real pages
 * (played here); the SDK exchanges the code, lists and calls every tool, and refreshes.
 */
@EnabledIf("io.actiongate.server.testing.PostgresServer#availableOrFailOnCi")
class McpConnectorIT {

    private static final Path CLIENT = Paths.get("src/test/mcp-client");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final MetadataDocumentServer.SigningKey CHATGPTS_KEY = MetadataDocumentServer.SigningKey.generate();

    private static PostgresServer postgres;
    private static FrontDoor frontDoor;
    private static StagedKeycloak keycloak;
    private static MetadataDocumentServer documents;
    private static AgendaApiProcess apiA;
    private static AgendaApiProcess apiB;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start("agenda");
        frontDoor = FrontDoor.start();
        documents = MetadataDocumentServer.start();
        documents.put(MetadataDocumentServer.JWKS_PATH, MetadataDocumentServer.Route.json(CHATGPTS_KEY.jwks(), "max-age=600"));
        keycloak = StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES), Map.of(
                "PUBLIC_API_URL", frontDoor.url(), "MCP_REGISTRATION", "cimd,dcr",
                "MCP_CLIENT_METADATA_HOSTS", "localhost:" + documents.port(),
                "KC_TRUSTSTORE_PATHS", documents.certificatePem().toString()));
        Map<String, String> shared = Map.of("PUBLIC_API_URL", frontDoor.url());
        apiA = AgendaApiProcess.start(postgres, "agenda", keycloak.baseUrl(), shared);
        apiB = AgendaApiProcess.start(postgres, "agenda", keycloak.baseUrl(), shared);
        frontDoor.addNode(apiA.url());
        frontDoor.addNode(apiB.url());
    }

    @AfterAll
    static void stop() {
        Parts.stopAll(apiB, apiA, keycloak, documents, frontDoor, postgres);
    }

    @Test
    void theOfficialSdkSignsInAndCallsEveryToolThroughTwoInstances() throws Exception {
        String mcpUrl = frontDoor.url() + "/mcp";
        List<JsonNode> events = runConnector(mcpUrl, McpConnector.CLIENT_ID);

        assertThat(events).as("the client's last word").last().extracting(event -> event.get("event").asText()).isEqualTo("done");
        JsonNode tools = only(events, "tools");
        assertThat(tools.get("names")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "getToday", "listItems", "getItem", "createItem", "updateItem", "deleteItem");
        assertThat(tools.get("meta").get("getToday").get("securitySchemes").get(0).get("type").asText()).isEqualTo("noauth");

        List<JsonNode> results = all(events, "result");
        assertThat(results).allSatisfy(result -> assertThat(result.get("isError").asBoolean()).as(result.toString()).isFalse());
        assertThat(results).extracting(result -> result.get("tool").asText())
                .contains("getToday", "listItems", "getItem", "createItem", "updateItem", "deleteItem");
        JsonNode updated = results.stream().filter(result -> result.get("tool").asText().equals("updateItem")).findFirst().orElseThrow();
        assertThat(updated.get("structured").get("done").asBoolean()).isTrue();
        assertThat(results.stream().filter(result -> result.get("tool").asText().equals("listItems")))
                .allSatisfy(list -> assertThat(list.get("structured").get("items").get(0).get("text").asText())
                        .isEqualTo("Added by the MCP SDK"));

        // Every token the SDK obtained is for the MCP server alone, also after the refresh.
        List<JsonNode> tokens = all(events, "tokens");
        assertThat(tokens).hasSize(2);
        assertThat(tokens).allSatisfy(token -> {
            assertThat(Jwt.audiences(token.get("access_token").asText())).containsExactly(mcpUrl);
            assertThat(token.get("has_refresh_token").asBoolean()).isTrue();
        });
        assertThat(only(events, "refreshed").get("changed").asBoolean()).isTrue();

        // Stateless Streamable HTTP: both instances answered the connector, and nothing failed.
        assertThat(frontDoor.answeredBy(apiA.url())).isGreaterThan(3);
        assertThat(frontDoor.answeredBy(apiB.url())).isGreaterThan(3);
    }

    /** No predefined client: the SDK registers one itself (RFC 7591, no token), signs in with it, calls the tools. */
    @Test
    void theOfficialSdkRegistersItselfWhenGivenNoClient() throws Exception {
        String mcpUrl = frontDoor.url() + "/mcp";
        List<JsonNode> events = runConnector(mcpUrl, "register");

        assertThat(events).as("the client's last word").last().extracting(event -> event.get("event").asText()).isEqualTo("done");
        JsonNode registered = only(events, "registered");
        assertThat(registered.get("has_secret").asBoolean()).as("a public client, no secret").isFalse();
        String clientId = registered.get("client_id").asText();
        assertThat(clientId).isNotEqualTo(McpConnector.CLIENT_ID);
        assertThat(all(events, "result")).allSatisfy(result -> assertThat(result.get("isError").asBoolean()).as(result.toString()).isFalse());
        assertThat(all(events, "tokens")).hasSize(2).allSatisfy(token ->
                assertThat(Jwt.audiences(token.get("access_token").asText())).containsExactly(mcpUrl));

        try (KeycloakAdmin admin = new KeycloakAdmin(keycloak)) {
            ClientRepresentation client = admin.client(clientId);
            assertThat(client.isPublicClient()).isTrue();
            assertThat(client.getName()).isEqualTo("ChatGPT (test)");
            assertThat(client.getAttributes()).containsEntry("actiongate.connector", "dcr");
        }
    }

    /**
     * No predefined client, and ChatGPT's published client ID metadata document (its own host and port changed
     * only, the local HTTPS server's) as the SDK's client id: signed token requests ({@code private_key_jwt}, keys at
     * that server's JWKS), or with {@code none} a public client.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"private_key_jwt", "none"})
    void theOfficialSdkIdentifiesItselfWithChatGptsMetadataDocument(String authMethod) throws Exception {
        String connectorId = "Sdk" + authMethod.replace("_", "");
        String documentUrl = documents.documentUrl(connectorId);
        String callback = "https://chatgpt.com/connector/oauth/" + connectorId;
        documents.put(MetadataDocumentServer.documentPath(connectorId), MetadataDocumentServer.Route.json(documents.chatGptsDocument(connectorId)
                .replace("\"token_endpoint_auth_method\":\"private_key_jwt\"", "\"token_endpoint_auth_method\":\"" + authMethod + "\""),
                "max-age=600"));
        String mcpUrl = frontDoor.url() + "/mcp";

        List<JsonNode> events = runConnector(mcpUrl, "cimd=" + documentUrl, callback,
                authMethod.equals("private_key_jwt") ? Map.of("CLIENT_KEY_PEM", CHATGPTS_KEY.privateKeyPem()) : Map.of());

        assertThat(events).as("the client's last word").last().extracting(event -> event.get("event").asText()).isEqualTo("done");
        assertThat(all(events, "result")).allSatisfy(result -> assertThat(result.get("isError").asBoolean()).as(result.toString()).isFalse());
        assertThat(all(events, "tokens")).hasSize(2).allSatisfy(token ->
                assertThat(Jwt.audiences(token.get("access_token").asText())).containsExactly(mcpUrl));
        try (KeycloakAdmin admin = new KeycloakAdmin(keycloak)) {
            ClientRepresentation client = admin.client(documentUrl);
            assertThat(client.isPublicClient()).isEqualTo(authMethod.equals("none"));
            assertThat(client.getName()).isEqualTo("ChatGPT");
            assertThat(client.getAttributes()).containsEntry("actiongate.connector", "cimd");
        }
    }

    private static List<JsonNode> runConnector(String mcpUrl, String clientArgument) throws IOException, InterruptedException {
        return runConnector(mcpUrl, clientArgument, McpConnector.STABLE_CALLBACK, Map.of());
    }

    /**
     * Runs the SDK client with a client id ({@code register}: none, it registers one; {@code cimd=<URL>}: its
     * document) and callback; signs the user in when it asks, as the user's browser would.
     */
    private static List<JsonNode> runConnector(String mcpUrl, String clientArgument, String callbackUrl,
                                               Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", "connector.mjs", mcpUrl, clientArgument, callbackUrl)
                .directory(CLIENT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process node = builder.start();
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode event = JSON.readTree(line);
                events.add(event);
                if (event.get("event").asText().equals("authorize")) {
                    String url = event.get("url").asText();
                    assertThat(url).startsWith(keycloak.authorizationUrl()).contains("code_challenge_method=S256")
                            .contains("resource=" + java.net.URLEncoder.encode(mcpUrl, StandardCharsets.UTF_8));
                    String clientId = java.net.URLDecoder.decode(url.replaceFirst(".*[?&]client_id=([^&]*).*", "$1"), StandardCharsets.UTF_8);
                    ChatGpt.Callback callback = new ChatGpt(keycloak, clientId, null)
                            .signInAt(url, callbackUrl, keycloak.settings().demoUser(), keycloak.settings().demoPassword());
                    assertThat(callback.query()).containsKey("iss"); // RFC 9207, which ChatGPT's stable callback needs
                    in.write(callback.location() + "\n");
                    in.flush();
                }
            }
        } finally {
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        assertThat(events).as("events").noneMatch(event -> event.get("event").asText().equals("error"));
        return events;
    }

    private static List<JsonNode> all(List<JsonNode> events, String type) {
        return events.stream().filter(event -> event.get("event").asText().equals(type)).toList();
    }

    private static JsonNode only(List<JsonNode> events, String type) {
        List<JsonNode> found = all(events, type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }
}
