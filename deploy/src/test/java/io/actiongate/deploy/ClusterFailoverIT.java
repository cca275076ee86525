package io.actiongate.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.AgendaApiProcess;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.FreePorts;
import io.actiongate.server.testing.FrontDoor;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.PostgresServer;
import io.actiongate.server.testing.RealmHistory;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.RunningKeycloak;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Production mode on PostgreSQL, two Keycloak nodes: the staged server's PostgreSQL build started twice
 * ({@code start --optimized}, cache=ispn, Keycloak's default JDBC_PING discovery on loopback) behind one public
 * URL, and the agenda API's production build on the same PostgreSQL. The realm is the first MCP release's, upgraded
 * by the two nodes starting together. Node A is lost with SIGKILL under load.
 */
@EnabledIf("io.actiongate.server.testing.PostgresServer#availableOrFailOnCi")
@TestMethodOrder(OrderAnnotation.class)
class ClusterFailoverIT {

    private static final RealmSettings SETTINGS = RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES);
    private static final String SCOPE = "openid offline_access";
    private static final int SESSIONS = 8;
    private static final int LOAD_THREADS = 4;
    /** What the test allows for the cluster to notice the loss; the measured window is reported. */
    private static final Duration FAILOVER_WINDOW = Duration.ofSeconds(15);
    private static final int REFRESH_REUSE_GRACE_SECONDS = 5;
    private static final long AFTER_THE_WINDOW_MS = (REFRESH_REUSE_GRACE_SECONDS + 2) * 1000L;
    /** The API's TOKEN_CACHE_TTL here: how long a revoked token may still pass. */
    private static final Duration API_TOKEN_CACHE = Duration.ofSeconds(2);

    private static PostgresServer postgres;
    private static FrontDoor frontDoor;
    private static StagedKeycloak nodeA;
    private static StagedKeycloak nodeB;
    private static AgendaApiProcess api;
    /** A connector's refresh token from before the upgrade. */
    private static String connectedBeforeTheUpgrade;

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = PostgresServer.start("keycloak", "agenda");
        frontDoor = FrontDoor.start();
        // A first node creates the schema and imports the realm; the first MCP release made that realm instead (its
        // realm file, through the admin API), and a connector connected.
        try (StagedKeycloak first = startNode(); KeycloakAdmin admin = new KeycloakAdmin(first)) {
            admin.realm().remove();
            admin.admin().body(RealmHistory.FIRST_MCP_RELEASE.resolved(SETTINGS.environment()))
                    .post(first.baseUrl() + "/admin/realms").then().statusCode(201);
            frontDoor.pin(first.baseUrl());
            connectedBeforeTheUpgrade = new McpConnector(new RunningKeycloak(frontDoor.url(), SETTINGS)).connect(null, McpConnector.ALL_SCOPES)
                    .then().statusCode(200).extract().path("refresh_token");
        }
        frontDoor.balance();
        // The upgrade: both nodes start together on it; one migrates the realm, the other finds it migrated.
        CompletableFuture<StagedKeycloak> a = CompletableFuture.supplyAsync(ClusterFailoverIT::startNode);
        CompletableFuture<StagedKeycloak> b = CompletableFuture.supplyAsync(ClusterFailoverIT::startNode);
        nodeA = a.join();
        nodeB = b.join();
        frontDoor.addNode(nodeA.baseUrl());
        frontDoor.addNode(nodeB.baseUrl());
        api = AgendaApiProcess.start(postgres, "agenda", frontDoor.url(),
                Map.of("TOKEN_CACHE_TTL", API_TOKEN_CACHE.toSeconds() + "S"));
    }

    private static StagedKeycloak startNode() {
        return StagedKeycloak.start(StagedKeycloak.Build.POSTGRES, SETTINGS, Map.of(
                "PUBLIC_AUTH_URL", frontDoor.url(),
                "KC_DB_URL", postgres.jdbcUrl("keycloak"),
                "KC_DB_USERNAME", PostgresServer.USER,
                "KC_DB_PASSWORD", "trusted-on-loopback",
                "KC_CACHE_EMBEDDED_NETWORK_BIND_ADDRESS", "127.0.0.1",
                "REFRESH_REUSE_GRACE", String.valueOf(REFRESH_REUSE_GRACE_SECONDS),
                // JGroups also listens on this port + 50000 (failure detection).
                "KC_CACHE_EMBEDDED_NETWORK_BIND_PORT", String.valueOf(FreePorts.freeWithOffset(50000))));
    }

    @AfterAll
    static void stopCluster() {
        Parts.stopAll(api, nodeB, nodeA, frontDoor, postgres);
    }

    @Test
    @Order(0)
    void theNodesStartingTogetherMigrateTheFirstMcpReleasesRealmOnce() throws Exception {
        List<String> logs = List.of(Files.readString(nodeA.log()), Files.readString(nodeB.log()));
        assertThat(logs).filteredOn(log -> log.contains("ActionGate realm 'gpt': found at version 1; ran step 2, 3, 4, 5, 6"))
                .hasSize(1);
        assertThat(logs).filteredOn(log -> log.contains("ActionGate realm 'gpt': at version 6, this build's; no step to run"))
                .hasSize(1);
        assertThat(logs).noneMatch(log -> log.contains("client agenda-mcp added"));
        try (KeycloakAdmin admin = new KeycloakAdmin(nodeB)) {
            assertThat(admin.realm().toRepresentation().getAttributes()).containsEntry("actiongate.realm-version", "6");
        }
        Response refreshed = new McpConnector(nodeB).refresh(connectedBeforeTheUpgrade, null);
        assertThat(refreshed.statusCode()).as("a connection from before the upgrade: " + refreshed.asString()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void theNodesFormOneCluster() throws Exception {
        assertThat(Files.readString(nodeB.log())).containsPattern("ISPN000094: Received new cluster view .*\\(2\\)");
        assertThat(Files.readString(nodeA.log())).containsPattern("ISPN000094: Received new cluster view .*\\(2\\)");
    }

    @Test
    @Order(2)
    void aUserSignedInOnNodeARefreshesOnNodeB() {
        frontDoor.pin(nodeA.baseUrl());
        Callback callback = viaFrontDoor().signIn(TestCallbacks.APPROVED, "on-a", SCOPE);
        JsonPath tokens = new ChatGpt(nodeA).exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().jsonPath();
        frontDoor.balance();

        Response refreshed = new ChatGpt(nodeB).refresh(tokens.getString("refresh_token"), TokenExchangeMethod.POST_BODY);

        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        assertThat(refreshed.jsonPath().getString("access_token")).isNotBlank();
        new ChatGpt(nodeB).userinfo(refreshed.jsonPath().getString("access_token")).then().statusCode(200);
    }

    @Test
    @Order(3)
    void aConnectorsSpentTokenRefreshesOnTheOtherNodeWithinTheWindowAndCutsItsFamilyThereAfter() throws Exception {
        frontDoor.pin(nodeA.baseUrl());
        String spent = new McpConnector(nodeA).connect(null, McpConnector.ALL_SCOPES).then().statusCode(200)
                .extract().path("refresh_token");
        frontDoor.balance();
        Response onA = new McpConnector(nodeA).refresh(spent, null);
        assertThat(onA.statusCode()).as(onA.asString()).isEqualTo(200);

        Response graceOnB = new McpConnector(nodeB).refresh(spent, null);
        assertThat(graceOnB.statusCode()).as("the grace window holds on the other node: " + graceOnB.asString()).isEqualTo(200);

        Thread.sleep(AFTER_THE_WINDOW_MS);
        Response replayOnB = new McpConnector(nodeB).refresh(spent, null);
        assertThat(replayOnB.statusCode()).as(replayOnB.asString()).isEqualTo(400);
        assertThat(replayOnB.jsonPath().getString("error")).isEqualTo("invalid_grant");
        // The whole family, on both nodes: the token node A issued and the one node B issued in the window.
        assertThat(new McpConnector(nodeA).refresh(onA.path("refresh_token"), null).jsonPath().getString("error")).isEqualTo("invalid_grant");
        assertThat(new McpConnector(nodeA).refresh(graceOnB.path("refresh_token"), null).jsonPath().getString("error")).isEqualTo("invalid_grant");
    }

    @Test
    @Order(4)
    void aGptWithRotationReplayedOnOneNodeLosesItsAccessAtTheApiToo() throws Exception {
        KeycloakAdmin adminOnA = new KeycloakAdmin(nodeA);
        KeycloakAdmin.GptClient gpt = adminOnA.createGptClient(TestCallbacks.APPROVED_ENTRIES, client -> {
            Map<String, String> attributes = new java.util.HashMap<>(client.getAttributes());
            attributes.put("actiongate.rotate-refresh-tokens", "true");
            client.setAttributes(attributes);
            return client;
        });
        frontDoor.pin(nodeA.baseUrl());
        ChatGpt onFrontDoor = new ChatGpt(new RunningKeycloak(frontDoor.url(), SETTINGS), gpt.clientId(), gpt.secret());
        Callback callback = onFrontDoor.signIn(TestCallbacks.APPROVED, "rotating", SCOPE);
        String spent = new ChatGpt(nodeA, gpt.clientId(), gpt.secret())
                .exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("refresh_token");
        frontDoor.balance();
        Response next = new ChatGpt(nodeA, gpt.clientId(), gpt.secret()).refresh(spent, TokenExchangeMethod.POST_BODY);
        assertThat(next.statusCode()).as(next.asString()).isEqualTo(200);
        String accessToken = next.path("access_token");
        given().baseUri(api.url()).auth().oauth2(accessToken).get("/items").then().statusCode(200);

        Thread.sleep(AFTER_THE_WINDOW_MS);
        Response replay = new ChatGpt(nodeB, gpt.clientId(), gpt.secret()).refresh(spent, TokenExchangeMethod.POST_BODY);
        assertThat(replay.jsonPath().getString("error")).as(replay.asString()).isEqualTo("invalid_grant");

        // The API checked the token before the cut and keeps that for at most TOKEN_CACHE_TTL.
        Instant deadline = Instant.now().plus(API_TOKEN_CACHE).plusSeconds(3);
        int status;
        do {
            status = given().baseUri(api.url()).auth().oauth2(accessToken).get("/items").statusCode();
        } while (status == 200 && Instant.now().isBefore(deadline) && sleep(200));
        assertThat(status).as("the access token issued before the cut").isEqualTo(401);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    @Order(5)
    void aCallbackApprovedOnNodeAWorksAtOnceOnNodeB() {
        String changed = "https://chatgpt.com/aip/g-clusterApproved1/oauth/callback";
        assertThat(new ChatGpt(nodeB).authorize(changed, "before", SCOPE).statusCode()).as("not approved yet").isEqualTo(400);

        KeycloakAdmin adminOnA = new KeycloakAdmin(nodeA);
        adminOnA.admin().body(Map.of("entries", List.of(TestCallbacks.APPROVED, TestCallbacks.APPROVED_PLUGIN_ID, changed)))
                .put(callbacksUrl(adminOnA)).then().statusCode(200);

        frontDoor.pin(nodeB.baseUrl());
        Callback callback = viaFrontDoor().signIn(changed, "after", SCOPE);
        frontDoor.balance();
        assertThat(callback.redirectUri()).isEqualTo(changed);
    }

    @Test
    @Order(6)
    void aPendingCallbackRecordedOnNodeAIsListedOnNodeB() {
        String unknown = "https://chatgpt.com/aip/g-clusterPending1/oauth/callback";
        assertThat(new ChatGpt(nodeA).authorize(unknown, "pending", SCOPE).statusCode()).isEqualTo(400);

        KeycloakAdmin adminOnB = new KeycloakAdmin(nodeB);
        JsonPath callbacks = adminOnB.admin().get(callbacksUrl(adminOnB)).then().statusCode(200).extract().jsonPath();

        assertThat(callbacks.getList("pending.callback", String.class)).contains(unknown);
    }

    @Test
    @Order(7)
    void losingNodeAUnderLoadLosesNoSessionAndNoItem() throws Exception {
        frontDoor.balance();
        ChatGpt chatGpt = viaFrontDoor();
        String[] refreshTokens = new String[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "session-" + i, SCOPE);
            refreshTokens[i] = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                    .then().statusCode(200).extract().path("refresh_token");
        }
        String accessToken = chatGpt.refresh(refreshTokens[0], TokenExchangeMethod.POST_BODY).path("access_token");
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(given().baseUri(api.url()).auth().oauth2(accessToken).contentType(ContentType.JSON)
                    .body(Map.of("date", "2027-01-0" + (i + 1), "text", "Written before the failover " + i))
                    .post("/items").then().statusCode(201).extract().jsonPath().getLong("id"));
        }

        RefreshLoad load = new RefreshLoad(chatGpt, refreshTokens);
        load.start();
        Thread.sleep(5_000);
        Instant killedAt = Instant.now();
        nodeA.kill();
        Thread.sleep(25_000);
        load.stop();

        FailoverReport report = load.report(killedAt, FAILOVER_WINDOW);
        System.out.println("[actiongate] failover: " + report);
        Files.writeString(Paths.get("target", "cluster-failover.txt"), report + System.lineSeparator());
        assertThat(report.requestsBeforeKill()).isPositive();
        assertThat(report.failedBeforeKill()).as(report.toString()).isZero();
        assertThat(report.requestsAfterWindow()).as(report.toString()).isPositive();
        assertThat(report.failedAfterWindow()).as(report.toString()).isZero();

        // Every session survives, on the node that is left.
        ChatGpt onB = new ChatGpt(nodeB);
        String lastAccessToken = null;
        for (int i = 0; i < SESSIONS; i++) {
            Response refreshed = onB.refresh(load.refreshToken(i), TokenExchangeMethod.POST_BODY);
            assertThat(refreshed.statusCode()).as("session " + i + ": " + refreshed.asString()).isEqualTo(200);
            lastAccessToken = refreshed.path("access_token");
        }
        List<Long> listed = given().baseUri(api.url()).auth().oauth2(lastAccessToken).get("/items")
                .then().statusCode(200).extract().jsonPath().getList("id", Long.class);
        assertThat(listed).containsAll(items);
    }

    private static ChatGpt viaFrontDoor() {
        return new ChatGpt(new RunningKeycloak(frontDoor.url(), SETTINGS));
    }

    private static String callbacksUrl(KeycloakAdmin admin) {
        return admin.callbacksUrl(admin.clientUuid(SETTINGS.clientId()));
    }

    /** ChatGPT refreshing its users' tokens through the front door, each session by one thread at a time. */
    private static final class RefreshLoad {
        private record Outcome(Instant at, boolean ok) {
        }

        private final ChatGpt chatGpt;
        private final String[] refreshTokens;
        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(LOAD_THREADS);

        RefreshLoad(ChatGpt chatGpt, String[] refreshTokens) {
            this.chatGpt = chatGpt;
            this.refreshTokens = refreshTokens;
        }

        void start() {
            for (int t = 0; t < LOAD_THREADS; t++) {
                int thread = t;
                threads.submit(() -> {
                    while (running.get()) {
                        for (int session = thread; session < SESSIONS && running.get(); session += LOAD_THREADS) {
                            refresh(session);
                        }
                    }
                });
            }
        }

        private void refresh(int session) {
            boolean ok;
            try {
                Response response = chatGpt.refresh(refreshTokens[session], TokenExchangeMethod.POST_BODY);
                ok = response.statusCode() == 200;
                if (ok) {
                    refreshTokens[session] = response.path("refresh_token");
                } else {
                    System.out.println("[actiongate] refresh failed: HTTP " + response.statusCode() + " " + response.asString());
                }
            } catch (RuntimeException e) {
                ok = false;
                System.out.println("[actiongate] refresh failed: " + e);
            }
            outcomes.add(new Outcome(Instant.now(), ok));
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }

        String refreshToken(int session) {
            return refreshTokens[session];
        }

        FailoverReport report(Instant killedAt, Duration window) {
            Instant windowEnd = killedAt.plus(window);
            List<Outcome> all = List.copyOf(outcomes);
            List<Outcome> before = all.stream().filter(o -> o.at().isBefore(killedAt)).toList();
            List<Outcome> during = all.stream().filter(o -> !o.at().isBefore(killedAt) && o.at().isBefore(windowEnd)).toList();
            List<Outcome> after = all.stream().filter(o -> !o.at().isBefore(windowEnd)).toList();
            Duration lastFailure = all.stream().filter(o -> !o.ok() && !o.at().isBefore(killedAt))
                    .map(o -> Duration.between(killedAt, o.at())).max(Duration::compareTo).orElse(Duration.ZERO);
            return new FailoverReport(before.size(), failed(before), during.size(), failed(during), after.size(),
                    failed(after), window, lastFailure);
        }

        private static long failed(List<Outcome> outcomes) {
            return outcomes.stream().filter(o -> !o.ok()).count();
        }
    }

    private record FailoverReport(int requestsBeforeKill, long failedBeforeKill, int requestsInWindow,
                                  long failedInWindow, int requestsAfterWindow, long failedAfterWindow,
                                  Duration window, Duration lastFailureAfterKill) {
        @Override
        public String toString() {
            return String.format("before the kill %d refreshes, %d failed; in the %d s after the kill %d refreshes, %d failed "
                            + "(last failure %d ms after the kill); after that %d refreshes, %d failed",
                    requestsBeforeKill, failedBeforeKill, window.toSeconds(), requestsInWindow, failedInWindow,
                    lastFailureAfterKill.toMillis(), requestsAfterWindow, failedAfterWindow);
        }
    }
}
