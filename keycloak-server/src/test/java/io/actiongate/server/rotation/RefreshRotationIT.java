package io.actiongate.server.rotation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * Connectors' refresh tokens rotate: parallel and retried refreshes within the grace window succeed, a spent token
 * used after it cuts the connection (its family revoked, an audit event, one log line), and nothing else does:
 * another client's, another user's, an already revoked or a forged token is refused without cutting anyone off.
 * The shared server's window is {@link StagedKeycloak#REFRESH_REUSE_GRACE_SECONDS}.
 */
@ExtendWith(ServerExtension.class)
class RefreshRotationIT {

    private static final String RESOURCE = StagedKeycloak.TEST_API_URL + "/mcp";
    private static final String PASSWORD = "rotation-Pass-1";
    private static final long AFTER_THE_WINDOW_MS = (StagedKeycloak.REFRESH_REUSE_GRACE_SECONDS + 2) * 1000L;

    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;
    private final McpConnector connector;

    RefreshRotationIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
        this.connector = new McpConnector(keycloak);
    }

    private record Connection(String username, String userId, String refreshToken, String accessToken) {
    }

    private Connection connect(McpConnector through) {
        String username = "rotation-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = admin.createUser(username, PASSWORD);
        Response tokens = through.connect(RESOURCE, McpConnector.ALL_SCOPES, username, PASSWORD);
        assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        return new Connection(username, userId, tokens.path("refresh_token"), tokens.path("access_token"));
    }

    private Response refresh(String refreshToken) {
        return connector.refresh(refreshToken, RESOURCE);
    }

    private static void assertCut(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.jsonPath().getString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void sixParallelRefreshesWithOneTokenAllSucceedAndEachNewTokenWorks() throws Exception {
        Connection connection = connect(connector);
        List<HttpResponse<String>> responses = atOnce(connectorForm(connection.refreshToken()), 6);

        List<String> issued = new ArrayList<>();
        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            issued.add(io.restassured.path.json.JsonPath.from(response.body()).getString("refresh_token"));
        }
        assertThat(issued).doesNotHaveDuplicates().doesNotContain(connection.refreshToken());
        for (String sibling : issued) {
            Response refreshed = refresh(sibling);
            assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        }
    }

    @Test
    void theSpentTokenStillRefreshesWithinTheWindowInOneFamily() {
        Connection connection = connect(connector);
        Response first = refresh(connection.refreshToken());
        first.then().statusCode(200);

        Response retried = refresh(connection.refreshToken());

        assertThat(retried.statusCode()).as(retried.asString()).isEqualTo(200);
        assertThat(Jwt.claims(retried.path("refresh_token")).getString("sid"))
                .isEqualTo(Jwt.claims(first.path("refresh_token")).getString("sid"));
        refresh(first.path("refresh_token")).then().statusCode(200);
        refresh(retried.path("refresh_token")).then().statusCode(200);
        assertThat(admin.realm().users().get(connection.userId()).getOfflineSessions(admin.clientUuid(McpConnector.CLIENT_ID)))
                .as("one family").hasSize(1);
    }

    @Test
    void theSpentTokenAfterTheWindowCutsTheWholeFamily() throws Exception {
        Connection connection = connect(connector);
        Response next = refresh(connection.refreshToken());
        next.then().statusCode(200);
        String newest = next.path("refresh_token");
        String issuedAccess = next.path("access_token");
        new ChatGpt(keycloak).userinfo(issuedAccess).then().statusCode(200);
        long before = System.currentTimeMillis();
        Thread.sleep(AFTER_THE_WINDOW_MS);

        Response replay = refresh(connection.refreshToken());

        assertCut(replay);
        assertThat(replay.jsonPath().getString("error_description")).contains("already used").contains("Sign in again");
        assertCut(refresh(newest));
        new ChatGpt(keycloak).userinfo(issuedAccess).then().statusCode(401);
        assertThat(admin.realm().users().get(connection.userId()).getOfflineSessions(admin.clientUuid(McpConnector.CLIENT_ID))).isEmpty();

        List<EventRepresentation> cuts = cutEvents(connection.userId(), before);
        assertThat(cuts).hasSize(1);
        assertThat(cuts.get(0).getClientId()).isEqualTo(McpConnector.CLIENT_ID);
        assertThat(cuts.get(0).getDetails()).containsEntry("connector_id", McpConnector.CLIENT_ID);
        String log = Files.readString(keycloak.log());
        List<String> lines = log.lines().filter(line -> line.contains("connection cut") && line.contains(connection.userId())).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains(McpConnector.CLIENT_ID).doesNotContain(connection.refreshToken()).doesNotContain(newest);

        // The user connects again through the normal sign-in.
        Response again = connector.connect(RESOURCE, McpConnector.ALL_SCOPES, connection.username(), PASSWORD);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        refresh(again.path("refresh_token")).then().statusCode(200);
    }

    @Test
    void aRefreshTokenChatGptHeldBeforeRotationWorksUntilItIsNextUsed() {
        // A token without the line claims, as every one issued before this release: Keycloak's first refresh token.
        Connection connection = connect(connector);
        assertThat(Jwt.claims(connection.refreshToken()).getString("actiongate_line")).isNull();
        Response refreshed = refresh(connection.refreshToken());
        refreshed.then().statusCode(200);
        assertThat(Jwt.claims(refreshed.path("refresh_token")).getString("actiongate_line")).isNotBlank();
        assertThat(Jwt.claims(refreshed.path("refresh_token")).getInt("actiongate_gen")).isEqualTo(1);
    }

    @Test
    void theGptClientKeepsItsRefreshUnlessRotationIsTurnedOn() throws Exception {
        KeycloakAdmin.GptClient gpt = admin.createGptClient(TestCallbacks.APPROVED_ENTRIES, client -> client);
        ChatGpt chatGpt = new ChatGpt(keycloak, gpt.clientId(), gpt.secret());
        String first = gptRefreshToken(chatGpt);
        chatGpt.refresh(first, TokenExchangeMethod.POST_BODY).then().statusCode(200);
        Thread.sleep(AFTER_THE_WINDOW_MS);
        // Without rotation a spent token still refreshes after the window: Keycloak's behaviour, unchanged.
        String latest = chatGpt.refresh(first, TokenExchangeMethod.POST_BODY).then().statusCode(200).extract().path("refresh_token");

        admin.updateClient(gpt.uuid(), client -> {
            Map<String, String> attributes = new HashMap<>(client.getAttributes());
            attributes.put("actiongate.rotate-refresh-tokens", "true");
            client.setAttributes(attributes);
            return client;
        });
        // Switched on: the token ChatGPT holds (the latest) works...
        Response next = chatGpt.refresh(latest, TokenExchangeMethod.POST_BODY);
        assertThat(next.statusCode()).as(next.asString()).isEqualTo(200);
        // ...and a copy of one replaced before the switch, older than the window, is a replay: the family is cut.
        assertCut(chatGpt.refresh(first, TokenExchangeMethod.POST_BODY));
        assertCut(chatGpt.refresh(next.path("refresh_token"), TokenExchangeMethod.POST_BODY));

        // The same table as a connector's, for a new sign-in: a retry within the window, parallel refreshes that
        // all succeed with each new token working, and a replay after the window.
        String rotating = gptRefreshToken(chatGpt);
        Response rotated = chatGpt.refresh(rotating, TokenExchangeMethod.POST_BODY);
        rotated.then().statusCode(200);
        chatGpt.refresh(rotating, TokenExchangeMethod.POST_BODY).then().statusCode(200);
        String burst = gptRefreshToken(chatGpt);
        for (HttpResponse<String> response : atOnce("grant_type=refresh_token&client_id=" + gpt.clientId() + "&client_secret="
                + URLEncoder.encode(gpt.secret(), StandardCharsets.UTF_8) + "&refresh_token=" + URLEncoder.encode(burst, StandardCharsets.UTF_8), 6)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            chatGpt.refresh(io.restassured.path.json.JsonPath.from(response.body()).getString("refresh_token"), TokenExchangeMethod.POST_BODY)
                    .then().statusCode(200);
        }
        Thread.sleep(AFTER_THE_WINDOW_MS);
        assertCut(chatGpt.refresh(rotating, TokenExchangeMethod.POST_BODY));
        assertCut(chatGpt.refresh(rotated.path("refresh_token"), TokenExchangeMethod.POST_BODY));
    }

    /** Hostile refreshes, each beside its positive control: refused, and nobody's connection is cut by them. */
    @Test
    void tokensThatAreNotThisConnectionsAreRefusedWithoutCuttingAnyone() throws Exception {
        Connection alice = connect(connector);
        Connection bob = connect(connector);
        String otherClientId = "rotation-other-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createClientLike(McpConnector.CLIENT_ID, otherClientId, null, client -> client);
        McpConnector other = new McpConnector(keycloak, otherClientId);
        long before = System.currentTimeMillis();

        // Another client's token: Keycloak refuses it before rotation is asked.
        assertThat(other.refresh(alice.refreshToken(), RESOURCE).jsonPath().getString("error")).isEqualTo("invalid_grant");
        // A forged token: Alice's with another line claim, signature broken.
        assertThat(refresh(forged(alice.refreshToken())).jsonPath().getString("error")).isEqualTo("invalid_grant");
        // Bob replays his own spent token: Bob is cut, Alice is not.
        String bobNext = refresh(bob.refreshToken()).then().statusCode(200).extract().path("refresh_token");
        Thread.sleep(AFTER_THE_WINDOW_MS);
        assertCut(refresh(bob.refreshToken()));
        assertCut(refresh(bobNext));
        // A token from the revoked family, again: refused, no second cut.
        assertCut(refresh(bobNext));

        // The positive control: Alice's token, untouched by all of the above, refreshes.
        Response aliceRefresh = refresh(alice.refreshToken());
        assertThat(aliceRefresh.statusCode()).as(aliceRefresh.asString()).isEqualTo(200);
        assertThat(cutEvents(alice.userId(), before)).isEmpty();
        assertThat(cutEvents(bob.userId(), before)).hasSize(1);

        // What the agenda page asks for each user: Bob's cut, to Bob alone.
        List<Map<String, Object>> bobsCuts = given().auth().oauth2(accountToken(bob.username())).get(cutConnectionsUrl())
                .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(bobsCuts).hasSize(1);
        assertThat(bobsCuts.get(0)).containsEntry("clientId", McpConnector.CLIENT_ID);
        assertThat(((Number) bobsCuts.get(0).get("cutAt")).longValue()).isGreaterThanOrEqualTo(before);
        given().auth().oauth2(accountToken(alice.username())).get(cutConnectionsUrl()).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.is(0));
    }

    /** The cut-connections endpoint: a bearer token of this realm with the account audience, else 401, never a 500. */
    @Test
    void theCutConnectionsEndpointTakesOnlyAnAccountToken() {
        Connection connection = connect(connector);
        Map<String, io.restassured.specification.RequestSpecification> hostile = new java.util.LinkedHashMap<>();
        hostile.put("no token", given());
        hostile.put("not a token", given().header("Authorization", "Bearer not-a-token"));
        hostile.put("basic credentials", given().auth().preemptive().basic(connection.username(), PASSWORD));
        hostile.put("a connector's token (no account audience)", given().auth().oauth2(connection.accessToken()));
        hostile.put("the master realm's admin token", given().auth().oauth2(masterAdminToken()));
        hostile.put("a long header", given().header("Authorization", "Bearer " + "a".repeat(6000)));
        for (Map.Entry<String, io.restassured.specification.RequestSpecification> request : hostile.entrySet()) {
            Response refused = request.getValue().get(cutConnectionsUrl());
            assertThat(refused.statusCode()).as(request.getKey()).isIn(400, 401, 431);
            if (refused.statusCode() == 401) {
                assertThat(refused.jsonPath().getString("error")).as(request.getKey()).isEqualTo("invalid_token");
            }
        }
        given().auth().oauth2(accountToken(connection.username())).post(cutConnectionsUrl()).then().statusCode(405);
        // The positive control: the same user's page token.
        given().auth().oauth2(accountToken(connection.username())).get(cutConnectionsUrl()).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.is(0));
    }

    private String cutConnectionsUrl() {
        return keycloak.baseUrl() + "/realms/gpt/actiongate-account/cut-connections";
    }

    private String masterAdminToken() {
        return given().formParams(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", keycloak.settings().adminUser(), "password", keycloak.settings().adminPassword()))
                .post(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void aConnectionTheUserDisconnectedIsRefusedButNotReportedAsTheft() {
        Connection connection = connect(connector);
        long before = System.currentTimeMillis();
        String next = refresh(connection.refreshToken()).then().statusCode(200).extract().path("refresh_token");

        // The user's Disconnect on the agenda page: Keycloak's account API revokes the consent and offline tokens.
        String pageToken = accountToken(connection.username());
        given().auth().oauth2(pageToken).accept("application/json").delete(keycloak.baseUrl() + "/realms/gpt/account/applications/"
                + McpConnector.CLIENT_ID + "/consent").then().statusCode(204);

        assertThat(refresh(next).jsonPath().getString("error")).isEqualTo("invalid_grant");
        assertThat(cutEvents(connection.userId(), before)).isEmpty();
    }

    /** The agenda page's own token for the user (client agenda-web), which calls Keycloak's account API. */
    private String accountToken(String username) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String pageCallback = StagedKeycloak.TEST_API_URL + "/";
        ChatGpt page = new ChatGpt(keycloak, "agenda-web", keycloak.settings().webClientSecret());
        ChatGpt.Callback callback = page.signIn(pageCallback, UUID.randomUUID().toString(), "openid",
                Map.of("code_challenge", McpConnector.challenge(verifier), "code_challenge_method", "S256"), username, PASSWORD);
        return page.exchangeCode(callback.code(), pageCallback, TokenExchangeMethod.POST_BODY, Map.of("code_verifier", verifier))
                .then().statusCode(200).extract().path("access_token");
    }

    private String gptRefreshToken(ChatGpt chatGpt) {
        ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, UUID.randomUUID().toString(), "openid offline_access");
        return chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("refresh_token");
    }

    private List<EventRepresentation> cutEvents(String userId, long since) {
        return admin.realm().getEvents(List.of("REFRESH_TOKEN_ERROR"), null, userId, null, null, null, 0, 100).stream()
                .filter(event -> event.getTime() >= since)
                .filter(event -> event.getDetails() != null && "reused_refresh_token".equals(event.getDetails().get("connection_cut")))
                .toList();
    }

    private static String forged(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = payload.replaceFirst("\"typ\"", "\"actiongate_line\":\"forged\",\"actiongate_gen\":99,\"typ\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String connectorForm(String refreshToken) {
        return "grant_type=refresh_token&client_id=" + McpConnector.CLIENT_ID + "&resource="
                + URLEncoder.encode(RESOURCE, StandardCharsets.UTF_8) + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
    }

    /** {@code count} refresh requests with one form, released at the same instant. */
    private List<HttpResponse<String>> atOnce(String form, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }
}
