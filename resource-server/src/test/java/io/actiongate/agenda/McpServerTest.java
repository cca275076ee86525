package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.StagedKeycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agenda's MCP server at /mcp (Streamable HTTP) with real connector tokens from the staged Keycloak: the tools,
 * their sign-in declarations and challenges, the audience rules, and a table of hostile inputs, each beside a call
 * that succeeds. No answer is a 5xx.
 */
@QuarkusTest
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
class McpServerTest {

    private static final String METADATA_URL = "https://agenda.example.test/.well-known/oauth-protected-resource/mcp";

    private static String alice;
    private static String bob;
    private static String aliceReadOnly;
    private static String aliceGptAction;

    @BeforeAll
    static void signIn() {
        String aliceName = Tokens.newUsername();
        alice = Tokens.viaMcpConnector(aliceName, Tokens.NEW_USER_PASSWORD, McpConnector.ALL_SCOPES);
        aliceReadOnly = Tokens.viaMcpConnector(aliceName, Tokens.NEW_USER_PASSWORD, "agenda:read");
        aliceGptAction = Tokens.viaGptAction(aliceName, Tokens.NEW_USER_PASSWORD);
        bob = Tokens.viaMcpConnector(Tokens.newUsername(), Tokens.NEW_USER_PASSWORD, McpConnector.ALL_SCOPES);
    }

    private static RequestSpecification mcp(String token) {
        RequestSpecification request = given().contentType("application/json").accept("application/json, text/event-stream");
        return token == null ? request : request.auth().oauth2(token);
    }

    private static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call", "params", Map.of("name", tool, "arguments", arguments));
    }

    private static Response callTool(String token, String tool, Map<String, Object> arguments) {
        return mcp(token).body(call(tool, arguments)).post("/mcp");
    }

    /** A successful tool call's structured result, whose text copy (for clients without structuredContent) says the same. */
    private static JsonPath result(Response response) {
        response.then().statusCode(200);
        JsonPath json = response.jsonPath();
        assertThat(json.getBoolean("result.isError")).as(response.asString()).isFalse();
        Map<String, Object> structured = json.getMap("result.structuredContent");
        assertThat(new JsonPath(json.getString("result.content[0].text")).getMap("$")).as(response.asString()).isEqualTo(structured);
        return new JsonPath(response.asString()).setRootPath("result.structuredContent");
    }

    /** A tool error: HTTP 200, isError, and a message that names what is wrong. */
    private static String toolError(Response response) {
        response.then().statusCode(200);
        assertThat(response.jsonPath().getBoolean("result.isError")).as(response.asString()).isTrue();
        return response.jsonPath().getString("result.content[0].text");
    }

    @Test
    void negotiatesTheProtocolVersionsChatGptAndTheSdksUse() {
        for (String version : List.of("2025-06-18", "2025-11-25")) {
            Response initialized = mcp(null).body(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params",
                    Map.of("protocolVersion", version, "capabilities", Map.of(),
                            "clientInfo", Map.of("name", "test", "version", "1")))).post("/mcp");
            initialized.then().statusCode(200);
            assertThat(initialized.jsonPath().getString("result.protocolVersion")).isEqualTo(version);
            assertThat(initialized.jsonPath().getString("result.serverInfo.name")).isEqualTo("agenda");
            assertThat(initialized.header("Mcp-Session-Id")).isNotBlank();
        }
    }

    @Test
    void everyToolIsListedWithItsSignInDeclarationAndADescriptionForTheModel() {
        JsonPath tools = mcp(null).body(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list")).post("/mcp")
                .then().statusCode(200).extract().jsonPath();

        assertThat(tools.getList("result.tools.name", String.class)).containsExactlyInAnyOrder(
                "getToday", "listItems", "getItem", "createItem", "updateItem", "deleteItem");
        Map<String, String> schemes = new LinkedHashMap<>();
        for (Map<String, Object> tool : tools.<Map<String, Object>>getList("result.tools")) {
            assertThat((String) tool.get("description")).as(tool.get("name") + " description").hasSizeGreaterThan(30);
            schemes.put((String) tool.get("name"), String.valueOf(((Map<?, ?>) tool.get("_meta")).get("securitySchemes")));
        }
        assertThat(schemes.get("getToday")).contains("noauth").doesNotContain("oauth2");
        assertThat(schemes.get("listItems")).contains("oauth2").contains("agenda:read");
        assertThat(schemes.get("getItem")).contains("agenda:read");
        assertThat(schemes.get("createItem")).contains("agenda:write");
        assertThat(schemes.get("updateItem")).contains("agenda:write");
        assertThat(schemes.get("deleteItem")).contains("agenda:write");
    }

    @Test
    void getTodayNeedsNoSignIn() {
        assertThat(result(callTool(null, "getToday", Map.of())).getString("date")).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    void aToolThatNeedsSignInChallengesBothWaysChatGptAndMcpClientsRead() {
        Response anonymous = callTool(null, "listItems", Map.of());

        anonymous.then().statusCode(401);
        String challenge = anonymous.header("WWW-Authenticate");
        assertThat(challenge).startsWith("Bearer ").contains("resource_metadata=\"" + METADATA_URL + "\"")
                .contains("scope=\"agenda:read agenda:write\"").contains("error=\"invalid_token\"").contains("error_description=\"");
        JsonPath body = anonymous.jsonPath();
        assertThat(body.getBoolean("result.isError")).isTrue();
        assertThat(body.getList("result._meta.'mcp/www_authenticate'", String.class)).containsExactly(challenge);
        // Positive control: the same call signed in.
        assertThat(result(callTool(alice, "listItems", Map.of())).getList("items")).isNotNull();
    }

    @Test
    void everyToolWorksForTheSignedInUser() {
        long id = result(callTool(alice, "createItem", Map.of("date", "2026-12-03", "text", "Call the dentist"))).getLong("id");
        assertThat(result(callTool(alice, "getItem", Map.of("id", id))).getString("text")).isEqualTo("Call the dentist");
        assertThat(result(callTool(alice, "listItems", Map.of("from", "2026-12-03", "to", "2026-12-03")))
                .getList("items.id", Long.class)).contains(id);
        JsonPath updated = result(callTool(alice, "updateItem", Map.of("id", id, "done", true, "date", "2026-12-04")));
        assertThat(updated.getBoolean("done")).isTrue();
        assertThat(updated.getString("date")).isEqualTo("2026-12-04");
        assertThat(updated.getString("text")).isEqualTo("Call the dentist");
        result(callTool(alice, "deleteItem", Map.of("id", id)));
        assertThat(toolError(callTool(alice, "getItem", Map.of("id", id)))).contains("No item " + id);
    }

    @Test
    void theMcpServerAndTheRestApiShareTheAgendaButNotTheirTokens() {
        long id = result(callTool(alice, "createItem", Map.of("date", "2026-12-05", "text", "From ChatGPT"))).getLong("id");
        given().auth().oauth2(aliceGptAction).get("/items/" + id).then().statusCode(200);

        // No token passthrough between audiences: a GPT Action's token at /mcp, an MCP token at /items.
        Response gptAtMcp = callTool(aliceGptAction, "listItems", Map.of());
        gptAtMcp.then().statusCode(401).body("error", org.hamcrest.Matchers.equalTo("invalid_token"));
        assertThat(gptAtMcp.header("WWW-Authenticate")).contains("error=\"invalid_token\"").contains("resource_metadata=");
        given().auth().oauth2(alice).get("/items").then().statusCode(401);
    }

    /** quarkus-oidc reads a tenant from a session or state cookie's name where no tenant claims the path. */
    @ParameterizedTest
    @ValueSource(strings = {"q_session_mcp", "q_auth_mcp", "q_session_mcp_chunk_1", "q_session_web", "q_auth_web"})
    void aTenantCookieDoesNotMoveTheRestApiToAnotherTenant(String cookie) {
        given().auth().oauth2(aliceGptAction).cookie(cookie, "x").get("/items").then().statusCode(200);

        given().auth().oauth2(alice).cookie(cookie, "x").get("/items").then().statusCode(401);
        given().auth().oauth2(alice).cookie(cookie, "x").contentType("application/json")
                .body(Map.of("date", "2026-12-07", "text", "Through a cookie")).post("/items").then().statusCode(401);
    }

    @Test
    void aTokenWithoutTheToolsScopeIsAskedToStepUp() {
        assertThat(result(callTool(aliceReadOnly, "listItems", Map.of())).getList("items")).isNotNull();

        Response write = callTool(aliceReadOnly, "createItem", Map.of("date", "2026-12-06", "text", "Not allowed"));

        write.then().statusCode(403);
        assertThat(write.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
                .contains("scope=\"agenda:read agenda:write\"").contains("resource_metadata=\"" + METADATA_URL + "\"");
        assertThat(write.jsonPath().getBoolean("result.isError")).isTrue();
        assertThat(write.jsonPath().getList("result._meta.'mcp/www_authenticate'", String.class)).hasSize(1);
        assertThat(result(callTool(alice, "listItems", Map.of())).getList("items.text", String.class)).doesNotContain("Not allowed");
    }

    @Test
    void anotherUsersItemIsNotFound() {
        long id = result(callTool(alice, "createItem", Map.of("date", "2026-12-24", "text", "Alice's secret"))).getLong("id");

        assertThat(toolError(callTool(bob, "getItem", Map.of("id", id)))).contains("No item " + id);
        assertThat(toolError(callTool(bob, "updateItem", Map.of("id", id, "text", "mine now")))).contains("No item " + id);
        assertThat(toolError(callTool(bob, "deleteItem", Map.of("id", id)))).contains("No item " + id);
        assertThat(result(callTool(bob, "listItems", Map.of())).getList("items.text", String.class)).doesNotContain("Alice's secret");
        assertThat(result(callTool(alice, "getItem", Map.of("id", id))).getString("text")).isEqualTo("Alice's secret");
    }

    /** Bad arguments: a tool error naming the field, never a JSON-RPC crash; the first row is the positive control. */
    @Test
    void badArgumentsAreToolErrorsNamingTheField() {
        result(callTool(alice, "createItem", Map.of("date", "2026-12-07", "text", "fine")));

        Map<String, Map<String, Object>> hostile = new LinkedHashMap<>();
        hostile.put("date", Map.of("date", "tomorrow", "text", "x"));
        hostile.put("text", Map.of("date", "2026-12-07", "text", ""));
        hostile.put("text ", Map.of("date", "2026-12-07", "text", "x".repeat(2001)));
        hostile.put("text  ", Map.of("date", "2026-12-07"));
        hostile.put("date ", Map.of("text", "no date"));
        hostile.put("date  ", Map.of("date", 20261207, "text", "x"));
        for (Map.Entry<String, Map<String, Object>> row : hostile.entrySet()) {
            assertThat(toolError(callTool(alice, "createItem", row.getValue()))).as(row.getValue().toString())
                    .contains(row.getKey().trim());
        }
        assertThat(toolError(callTool(alice, "getItem", Map.of("id", "abc")))).contains("id");
        assertThat(toolError(callTool(alice, "getItem", Map.of()))).contains("id");
        assertThat(toolError(callTool(alice, "listItems", Map.of("from", "01/12/2026")))).contains("from");
        assertThat(toolError(callTool(alice, "updateItem", Map.of("id", 1, "date", "2026-13-01")))).contains("date");
    }

    @Test
    void protocolMistakesAreJsonRpcErrorsOrClientErrorsNever5xx() {
        // Unknown tool: a JSON-RPC error.
        Response unknown = callTool(alice, "dropDatabase", Map.of());
        unknown.then().statusCode(200);
        assertThat(unknown.jsonPath().getInt("error.code")).isEqualTo(-32602);
        // Malformed JSON: a parse error.
        Response malformed = mcp(alice).body("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ").post("/mcp");
        assertThat(malformed.statusCode()).isLessThan(500);
        assertThat(malformed.jsonPath().getInt("error.code")).isEqualTo(-32700);
        // Not JSON-RPC at all, an unknown method, a missing Accept header.
        assertThat(mcp(alice).body(Map.of("hello", "world")).post("/mcp").statusCode()).isLessThan(500);
        Response method = mcp(alice).body(Map.of("jsonrpc", "2.0", "id", 3, "method", "no/such")).post("/mcp");
        assertThat(method.statusCode()).isLessThan(500);
        assertThat(method.jsonPath().getInt("error.code")).isEqualTo(-32601);
        assertThat(given().auth().oauth2(alice).contentType("application/json").body(call("getToday", Map.of()))
                .post("/mcp").statusCode()).isEqualTo(400);
        // An oversized body is refused before it is read.
        assertThat(statusLineOfOversizedPost(alice)).startsWith("HTTP/1.1 413");
        // Garbage and expired tokens: 401 invalid_token with the challenge.
        for (String token : List.of("garbage", Tokens.fromTestClient(Tokens.MCP_RESOURCE, 1))) {
            sleepPast(token);
            Response refused = callTool(token, "getToday", Map.of());
            refused.then().statusCode(401).body("error", org.hamcrest.Matchers.equalTo("invalid_token"));
            assertThat(refused.header("WWW-Authenticate")).contains("resource_metadata=\"" + METADATA_URL + "\"");
        }
    }

    /** JSON-RPC batches (gone from MCP since 2025-06-18) answered 500 with a stack trace in the log; now Invalid Request. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[1]", " \n[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "many", "1", "\"x\"",
            "null", "true", "\uFEFF[1]"})
    void batchesAreJsonRpcErrorsAndLogNothing(String body) {
        String sent = body.equals("many")
                ? "[" + String.join(",", java.util.Collections.nCopies(500, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")) + "]"
                : body;
        try (LogRecords log = LogRecords.capture()) {
            for (String token : java.util.Arrays.asList(null, alice)) {
                Response refused = mcp(token).body(sent).post("/mcp");

                assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
                assertThat(refused.jsonPath().getInt("error.code")).isEqualTo(-32600);
                assertThat(refused.jsonPath().getString("error.message")).contains("one JSON-RPC message");
                assertThat(refused.asString()).doesNotContain("Exception");
            }
            assertThat(log.atWarnOrAbove()).as("log lines written for the batches").isEmpty();
        }
        // Positive control: the same message alone is answered.
        Response ping = mcp(alice).body(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping")).post("/mcp");
        assertThat(ping.statusCode()).as(ping.asString()).isEqualTo(200);
    }

    /**
     * DNS rebinding and cross-site pages: a request whose Origin this deployment does not allow is refused before
     * authentication (with or without a token); none, or the API's own origin however spelled, passes.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://evil.example", "null", "https://agenda.example.test.evil.example",
            "http://agenda.example.test", "https://agenda.example.test:8443", "https://user@agenda.example.test",
            "http://localhost:1", "file://", "https://agenda.example.test/x"})
    void anOriginThisServerDoesNotAllowIsRefused(String origin) {
        for (String token : java.util.Arrays.asList(null, alice)) {
            Response refused = mcp(token).header("Origin", origin).body(call("getToday", Map.of())).post("/mcp");

            assertThat(refused.statusCode()).as(origin + ": " + refused.asString()).isEqualTo(403);
            assertThat(refused.jsonPath().getInt("error.code")).isEqualTo(-32600);
            assertThat(refused.jsonPath().getString("error.message")).contains("Origin");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "https://agenda.example.test", "HTTPS://Agenda.Example.Test:443"})
    void noOriginOrTheServersOwnPasses(String origin) {
        RequestSpecification request = mcp(alice).body(call("getToday", Map.of()));
        Response answered = (origin.isEmpty() ? request : request.header("Origin", origin)).post("/mcp");

        assertThat(answered.statusCode()).as(answered.asString()).isEqualTo(200);
        assertThat(answered.jsonPath().getBoolean("result.isError")).isFalse();
    }

    @Test
    void aRevokedTokenIsRefused() {
        String username = Tokens.newUsername();
        String token = Tokens.viaMcpConnector(username, Tokens.NEW_USER_PASSWORD, McpConnector.ALL_SCOPES);
        // Revoked before the API has seen (and cached) the token.
        Tokens.admin().logoutUser(Tokens.admin().userId(username));

        callTool(token, "listItems", Map.of()).then().statusCode(401);
    }

    @Test
    void protectedResourceMetadataNamesTheRealmsIssuerAndTheScopes() {
        String issuer = given().get(StagedKeycloak.shared().realmUrl() + "/.well-known/openid-configuration")
                .then().statusCode(200).extract().path("issuer");
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            JsonPath metadata = given().get(path).then().statusCode(200).contentType("application/json").extract().jsonPath();
            assertThat(metadata.getString("resource")).as(path).isEqualTo(Tokens.MCP_RESOURCE);
            assertThat(metadata.getList("authorization_servers", String.class)).as(path).containsExactly(issuer);
            assertThat(metadata.getList("scopes_supported", String.class)).as(path).containsExactly("agenda:read", "agenda:write");
            assertThat(metadata.getList("bearer_methods_supported", String.class)).as(path).containsExactly("header");
            assertThat(metadata.getString("resource_name")).as(path).isEqualTo("Agenda");
        }
    }

    /** Announces a body over the API's limit, sends a little of it, and reads the status line the API answers with. */
    private static String statusLineOfOversizedPost(String token) {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Length: " + (20 * 1024 * 1024) + "\r\n\r\n{\"jsonrpc\":\"2.0\",";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleepPast(String token) {
        if (!token.contains(".")) {
            return;
        }
        try {
            Thread.sleep(2500); // the test client's tokens live one second
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
