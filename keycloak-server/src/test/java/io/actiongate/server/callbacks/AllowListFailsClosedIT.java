package io.actiongate.server.callbacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.GptClientsPage;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * The holes issue 14 found in the allow-list, each closed, each beside its positive control: request objects and
 * pushed requests naming an unapproved callback, clients with ChatGPT's redirect prefixes but no marker (made by
 * hand, or with the marker edited away), entries validated on creation as well as on update, an import with bad
 * entries failing closed, waiting callbacks changed atomically, and a log an anonymous flood cannot fill.
 */
@ExtendWith(ServerExtension.class)
class AllowListFailsClosedIT {

    private static final String UNAPPROVED = "https://chatgpt.com/aip/g-notApproved99/oauth/callback";

    private final KeycloakUnderTest keycloak;
    private final KeycloakAdmin admin;
    private final ChatGpt gpt;

  
    AllowListFailsClosedIT(KeycloakUnderTest keycloak, KeycloakAdmin admin, ChatGpt gpt) {
        this.keycloak = keycloak;
        this.admin = admin;
        this.gpt = gpt;
    }
  /** An unsigned request object (alg none) and one with a signature: refused before Keycloak reads either. */
    @Test
    void aRequestObjectIsRefusedBeforeTheLoginPage() {
        gpt.authorize(TestCallbacks.APPROVED, "plain", "openid").then().statusCode(200); // positive control

        String claims = "{\"client_id\":\"agenda-gpt\",\"response_type\":\"code\",\"redirect_uri\":\"" + UNAPPROVED + "\"}";
        for (String requestObject : List.of(jws("{\"alg\":\"none\"}", claims, ""), jws("{\"alg\":\"HS256\"}", claims, "c2ln"))) {
            Response refused = gpt.authorize(TestCallbacks.APPROVED, "jar", "openid", Map.of("request", requestObject));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.header("Location")).isNull();
        }
        Response remote = gpt.authorize(TestCallbacks.APPROVED, "jar-uri", "openid",
                Map.of("request_uri", "https://evil.example/request.jwt"));
        assertThat(remote.statusCode()).isEqualTo(400);
        assertThat(remote.header("Location")).isNull();
    }

    @Test
    void aPushedRequestWithAnUnapprovedCallbackIsRefusedAtTheParEndpoint() {
        Response refused = push(UNAPPROVED);
        refused.then().statusCode(400);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("invalid_request");
        assertThat(refused.jsonPath().getString("error_description")).contains("not an approved callback");

        // Positive control: an approved callback is pushed and its request_uri reaches the login page.
        Response pushed = push(TestCallbacks.APPROVED);
        pushed.then().statusCode(201);
        Response login = given().redirects().follow(false).queryParam("client_id", keycloak.settings().clientId())
                .queryParam("request_uri", pushed.jsonPath().getString("request_uri")).get(keycloak.authorizationUrl());
        // Keycloak continues to its login page (through its own login-actions), not to a callback.
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.header("Location")).startsWith(keycloak.realmUrl() + "/login-actions/authenticate");
    }

    /**
     * A pushed request's URI that PAR never issued (or one already used) is refused by the allow-list before
     * Keycloak looks it up, which logged about 2 KB per request; the log grows by no line per refusal.
     */
    @Test
    void aRequestUriParNeverIssuedIsRefusedWithoutALogLine() throws Exception {
        java.nio.file.Path log = ((StagedKeycloak) keycloak).log();
        long before = java.nio.file.Files.readAllLines(log).size();
        for (int i = 0; i < 20; i++) {
            Response refused = given().redirects().follow(false).queryParam("client_id", keycloak.settings().clientId())
                    .queryParam("request_uri", "urn:ietf:params:oauth:request_uri:made-up-" + i).get(keycloak.authorizationUrl());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.header("Location")).isNull();
        }
        assertThat(java.nio.file.Files.readAllLines(log).size() - before).as("log lines for 20 refusals").isLessThanOrEqualTo(2);

        // Positive control: a request PAR issued still reaches the login page, once.
        String requestUri = push(TestCallbacks.APPROVED).then().statusCode(201).extract().jsonPath().getString("request_uri");
        Response login = given().redirects().follow(false).queryParam("client_id", keycloak.settings().clientId())
                .queryParam("request_uri", requestUri).get(keycloak.authorizationUrl());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.header("Location")).startsWith(keycloak.realmUrl() + "/login-actions/authenticate");
    }

    private Response push(String callback) {
        return given().contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("client_id", keycloak.settings().clientId(), "client_secret", keycloak.settings().clientSecret(),
                        "response_type", "code", "redirect_uri", callback, "state", "par", "scope", "openid"))
                .post(keycloak.realmUrl() + "/protocol/openid-connect/ext/par/request");
    }

    /** However a client was made, ChatGPT's prefixes put it under the allow-list: no approved entry, no sign-in. */
    @Test
    void aHandMadeClientWithChatGptsPrefixesIsUnderTheAllowList() {
        for (List<String> redirects : List.of(List.of("https://chatgpt.com/aip/*"), List.of("*"), List.of("https://chat*"),
                List.of("HTTPS://CHATGPT.COM/aip/g-notApproved99/oauth/callback"))) {
            ChatGpt client = handMadeClient(redirects);
            Response refused = client.authorize(UNAPPROVED, "hand-made", "openid");
            assertThat(refused.statusCode()).as(redirects.toString()).isEqualTo(400);
            assertThat(refused.header("Location")).as(redirects.toString()).isNull();
        }
        // Positive control: a client for another application is not ChatGPT's business.
        handMadeClient(List.of("https://app.example/callback")).authorize("https://app.example/callback", "other", "openid")
                .then().statusCode(200);
    }

    /**
     * Other spellings of ChatGPT's hosts in a hand-made client's redirect URIs (a port, http, a trailing dot): the
     * client is under the allow-list all the same, so no unapproved GPT gets a code through it, in either spelling of
     * its callback; the approved callback spelled out the same way (https) still signs in.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://chatgpt.com:443/aip/*", "http://chatgpt.com/aip/*", "https://chatgpt.com./aip/*",
            "https://chat.openai.com:443/*", "HTTPS://ChatGPT.com:443/aip/*"})
    void aHandMadeClientSpellingChatGptOtherwiseIsUnderTheAllowList(String registered) {
        ClientRepresentation representation = clientRepresentation(List.of(registered),
                Map.of("actiongate.callbacks", TestCallbacks.APPROVED_ENTRIES));
        admin.createClient(representation);
        ChatGpt client = new ChatGpt(keycloak, representation.getClientId(), representation.getSecret());
        String host = registered.toLowerCase().contains("openai") ? "chat.openai.com" : "chatgpt.com";
        String spelled = registered.replace("*", (registered.endsWith("/aip/*") ? "" : "aip/") + "g-notApproved99/oauth/callback");

        // The console lists it among the GPT clients, so an admin sees that the allow-list covers it.
        new GptClientsPage(admin).entryOnce(representation.getClientId(), entry -> true);
        for (String unapproved : List.of("https://" + host + "/aip/g-notApproved99/oauth/callback", spelled)) {
            Response refused = client.authorize(unapproved, "spelled", "openid");
            assertThat(refused.statusCode()).as(unapproved).isEqualTo(400);
            assertThat(refused.header("Location")).as(unapproved).isNull();
        }
        if (registered.regionMatches(true, 0, "https://", 0, 8)) {
            // Positive control: the approved callback spelled the same way is the approved callback (the allow-list
            // reads the spelling as the browser will), and signs in.
            String approved = registered.replace("*", (registered.endsWith("/aip/*") ? "" : "aip/")
                    + TestCallbacks.APPROVED_GPT_ID + "/oauth/callback");
            client.authorize(approved, "spelled", "openid").then().statusCode(200);
        }
    }

    @Test
    void removingTheMarkerDoesNotLiftTheAllowList() {
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> representation);
        ChatGpt chatGpt = new ChatGpt(keycloak, client.clientId(), client.secret());
        chatGpt.authorize(TestCallbacks.APPROVED, "marked", "openid").then().statusCode(200); // positive control
        chatGpt.authorize(UNAPPROVED, "marked", "openid").then().statusCode(400);

        admin.updateClient(client.uuid(), representation -> {
            Map<String, String> attributes = new HashMap<>(representation.getAttributes());
            // Keycloak's update keeps attributes left out, so an edit away is an edit to empty.
            attributes.put("actiongate.gpt-client", "");
            attributes.put("actiongate.callbacks", "");
            representation.setAttributes(attributes);
            return representation;
        });
        assertThat(admin.realm().clients().get(client.uuid()).toRepresentation().getAttributes().get("actiongate.gpt-client"))
                .as("marker edited away").isNullOrEmpty();

        Response refused = chatGpt.authorize(UNAPPROVED, "unmarked", "openid");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.header("Location")).isNull();
        // With no entries left, not even the once-approved callback signs in: the list fails closed.
        chatGpt.authorize(TestCallbacks.APPROVED, "unmarked", "openid").then().statusCode(400);
    }

    @Test
    void entriesAreValidatedWhenAClientIsCreated() {
        ClientRepresentation bad = clientRepresentation(List.of("https://chatgpt.com/aip/*"),
                Map.of("actiongate.callbacks", "https://evil.example/callback"));
        Response refused = admin.admin().body(bad).post(admin.realmAdminUrl() + "/clients");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.asString()).contains("evil.example");
        assertThat(admin.realm().clients().findByClientId(bad.getClientId())).isEmpty();

        // Positive control: valid entries are accepted at creation.
        admin.createClient(clientRepresentation(List.of("https://chatgpt.com/aip/*"),
                Map.of("actiongate.callbacks", TestCallbacks.APPROVED)));
    }

    /** An anonymous caller sending 1,000 refused requests, each with another callback, cannot fill the log. */
    @Test
    void refusedRequestsCannotFillTheLog() throws Exception {
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> representation);
        ChatGpt flooder = new ChatGpt(keycloak, client.clientId(), client.secret());
        String line = "rejected authorization request of client '" + client.clientId() + "'";

        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            flooder.authorize("https://chatgpt.com/aip/g-flood" + i + "/oauth/callback", "flood", "openid")
                    .then().statusCode(400);
        }

        java.nio.file.Path log = ((StagedKeycloak) keycloak).log();
        List<String> logged = java.nio.file.Files.readAllLines(log).stream().filter(text -> text.contains(client.clientId())).toList();
        long lines = logged.stream().filter(text -> text.contains(line)).count();
        // At most 20 lines per client per one-minute window; the flood may span a window boundary or two.
        long windows = java.time.Duration.ofNanos(System.nanoTime() - started).toMinutes() + 2;
        assertThat(lines).as("log lines for 1,000 refusals").isPositive().isLessThanOrEqualTo(20 * windows);
        // Nor does Keycloak's event logger write a line per refusal (its error level is DEBUG), or anything else.
        assertThat(logged).as("every line naming the client").hasSizeLessThanOrEqualTo((int) (20 * windows + 2));
    }

    /**
     * Strangers refusing made-up look-alike callbacks cannot push a real GPT's waiting callback out: what waits stays,
     * the list stops at 20, and the console counts what was dropped.
     */
    @ParameterizedTest(name = "{0} refusals")
    @ValueSource(ints = {20, 1000})
    void strangersCannotFlushTheWaitingList(int flood) {
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> representation);
        ChatGpt chatGpt = new ChatGpt(keycloak, client.clientId(), client.secret());
        String real = "https://chatgpt.com/aip/g-realGpt01/oauth/callback";
        chatGpt.authorize(real, "real", "openid").then().statusCode(400);
        assertThat(admin.pendingCallbacks(client.uuid())).containsExactly(real); // positive control: it waits

        for (int i = 0; i < flood; i++) {
            chatGpt.authorize("https://chatgpt.com/aip/g-realGpt01x" + i + "/oauth/callback", "flood", "openid")
                    .then().statusCode(400);
        }

        List<String> pending = admin.pendingCallbacks(client.uuid());
        assertThat(pending).contains(real).hasSize(20);
        Map<String, Object> entry = new GptClientsPage(admin).entryOnce(client.clientId(),
                shown -> !GptClientsPage.field(shown, "droppedCallbacks").isEmpty()
                        && GptClientsPage.field(shown, "droppedCallbacks").get(0).startsWith((flood - 19) + " "));
        assertThat(GptClientsPage.field(entry, "waitingCallbacks")).anyMatch(line -> line.startsWith(real));
        assertThat(GptClientsPage.field(entry, "droppedCallbacks").get(0))
                .startsWith((flood - 19) + (flood - 19 == 1 ? " refused callback was" : " refused callbacks were") + " not listed");
    }

    /**
     * Keycloak's partial import skips client policies, so bad entries arrive unvalidated: the client then refuses
     * every callback, the log names it and the reason, the console shows the entries as stored with the reason,
     * and a save that leaves them invalid is refused instead of erasing them.
     */
    @Test
    void anImportWithBadEntriesFailsClosedUntilFixed() throws Exception {
        String stored = TestCallbacks.APPROVED + ",https://evil.example/callback";
        ClientRepresentation client = clientRepresentation(List.of("https://chatgpt.com/aip/*"),
                Map.of("actiongate.gpt-client", "true", "actiongate.callbacks", stored));
        String clientId = client.getClientId();
        admin.admin().body(Map.of("ifResourceExists", "FAIL", "clients", List.of(client)))
                .post(admin.realmAdminUrl() + "/partialImport").then().statusCode(200);
        ChatGpt imported = new ChatGpt(keycloak, clientId, client.getSecret());

        // Even the valid entry among them signs nobody in.
        Response refused = imported.authorize(TestCallbacks.APPROVED, "imported", "openid");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.header("Location")).isNull();
        assertThat(java.nio.file.Files.readAllLines(((StagedKeycloak) keycloak).log()))
                .anyMatch(line -> line.contains("client '" + clientId + "' refuses every callback") && line.contains("evil.example"));

        String uuid = admin.clientUuid(clientId);
        Response viaRest = admin.admin().get(admin.callbacksUrl(uuid));
        assertThat(viaRest.jsonPath().getList("entries", String.class)).containsExactly(TestCallbacks.APPROVED, "https://evil.example/callback");
        assertThat(viaRest.jsonPath().getString("problem")).contains("'https://evil.example/callback' is not a ChatGPT callback URL");

        GptClientsPage page = new GptClientsPage(admin);
        Map<String, Object> entry = page.entry(clientId);
        assertThat(GptClientsPage.field(entry, "approvedCallbacks")).containsExactlyInAnyOrder(TestCallbacks.APPROVED, "https://evil.example/callback");
        assertThat(GptClientsPage.field(entry, "approvedCallbacksProblem")).singleElement().asString().contains("evil.example");
        Response unchanged = page.save(entry, Map.of("gptName", List.of("Renamed")));
        assertThat(unchanged.statusCode()).isEqualTo(400);
        assertThat(GptClientsPage.error(unchanged)).contains("evil.example");
        assertThat(admin.realm().clients().get(uuid).toRepresentation().getAttributes().get("actiongate.callbacks"))
                .as("not erased").isEqualTo(stored);
        admin.admin().body(Map.of("callback", TestCallbacks.APPROVED)).post(admin.callbacksUrl(uuid) + "/pending/approve")
                .then().statusCode(400);

        // Positive control: fixed on the page, the valid entry signs in, and the problem is gone.
        page.save(page.entry(clientId), Map.of("approvedCallbacks", List.of(TestCallbacks.APPROVED))).then().statusCode(204);
        imported.authorize(TestCallbacks.APPROVED, "fixed", "openid").then().statusCode(200);
        assertThat(GptClientsPage.field(page.entry(clientId), "approvedCallbacksProblem")).isEmpty();
    }

    /**
     * Refusals racing each other and approvals racing refusals of the same callback: every refusal is recorded,
     * and an approved callback never waits again.
     */
    @Test
    void waitingCallbacksChangeAtomicallyPerClient() throws Exception {
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> representation);
        ChatGpt chatGpt = new ChatGpt(keycloak, client.clientId(), client.secret());
        List<String> callbacks = java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> "https://chatgpt.com/aip/g-race" + i + "x/oauth/callback").toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> refusals = callbacks.stream()
                    .<Callable<Integer>>map(callback -> () -> chatGpt.authorize(callback, "race", "openid").statusCode()).toList();
            assertThat(results(pool.invokeAll(refusals))).containsOnly(400);
            assertThat(admin.pendingCallbacks(client.uuid())).as("no refusal lost").containsExactlyInAnyOrderElementsOf(callbacks);

            for (String callback : callbacks.subList(0, 8)) {
                List<Callable<Integer>> race = new ArrayList<>();
                race.add(() -> admin.admin().body(Map.of("callback", callback))
                        .post(admin.callbacksUrl(client.uuid()) + "/pending/approve").statusCode());
                for (int i = 0; i < 6; i++) {
                    race.add(() -> chatGpt.authorize(callback, "in-flight", "openid").statusCode());
                }
                List<Integer> answers = results(pool.invokeAll(race));
                assertThat(answers.get(0)).as("approval").isEqualTo(200);
                assertThat(answers.subList(1, answers.size())).as("sign-ins racing the approval")
                        .allMatch(code -> code == 200 || code == 400);
                assertThat(admin.pendingCallbacks(client.uuid())).as("approved, so not waiting").doesNotContain(callback);
                chatGpt.authorize(callback, "after", "openid").then().statusCode(200);
            }
            assertThat(admin.pendingCallbacks(client.uuid())).containsExactlyInAnyOrderElementsOf(callbacks.subList(8, 16));
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> results(List<Future<Integer>> futures) throws Exception {
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private ChatGpt handMadeClient(List<String> redirectUris) {
        ClientRepresentation representation = clientRepresentation(redirectUris, Map.of());
        admin.createClient(representation);
        return new ChatGpt(keycloak, representation.getClientId(), representation.getSecret());
    }

    private static ClientRepresentation clientRepresentation(List<String> redirectUris, Map<String, String> attributes) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("hand-made-" + UUID.randomUUID().toString().substring(0, 8));
        client.setSecret(RealmSettings.randomSecret());
        client.setPublicClient(false);
        client.setStandardFlowEnabled(true);
        client.setRedirectUris(redirectUris);
        client.setAttributes(attributes);
        return client;
    }

    private static String jws(String header, String claims, String signature) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }
}
