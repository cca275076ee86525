package io.actiongate.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What Keycloak's own events already tell an admin about a GPT client (docs/admin-console.md, "Watching and cutting off a
 * GPT"), and that neither they nor the server log hold a token, code or secret.
 */
@ExtendWith(ServerExtension.class)
class GptEventsIT {

    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;

 
    GptEventsIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }
   @Test
    void signInCodeExchangeAndRefreshAreRecordedWithoutSecrets() throws Exception {
        User user = newUser();
        ChatGpt chatGpt = new ChatGpt(keycloak);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "audit", "openid offline_access", user.name(), user.password());
        JsonPath tokens = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.BASIC_HEADER)
                .then().statusCode(200).extract().jsonPath();
        String refreshed = chatGpt.refresh(tokens.getString("refresh_token"), TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().asString();

        List<Map<String, Object>> events = events(Map.of("user", user.id()));
        // REFRESH_TOKEN is saved because the realm lists it (enabledEventTypes); Keycloak's default does not.
        assertThat(events).extracting(event -> event.get("type")).contains("LOGIN", "CODE_TO_TOKEN", "REFRESH_TOKEN");
        assertThat(events).filteredOn(event -> "LOGIN".equals(event.get("type")))
                .allSatisfy(login -> assertThat(details(login)).containsEntry("redirect_uri", TestCallbacks.APPROVED));
        // The GPT id on each of them: the code exchange and the (offline) refresh name no callback in their
        // requests; ActionGate's event store takes it from the session the GPT signed in with.
        assertThat(events).filteredOn(event -> List.of("LOGIN", "CODE_TO_TOKEN", "REFRESH_TOKEN").contains(event.get("type")))
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(event -> assertThat(details(event)).as("details of %s", event.get("type"))
                        .containsEntry("gpt_id", TestCallbacks.APPROVED_GPT_ID));
        String everything = admin.admin().queryParam("user", user.id()).get(admin.realmAdminUrl() + "/events").asString()
                + Files.readString(keycloak.log());
        for (String secret : List.of(callback.code(), tokens.getString("access_token"), tokens.getString("refresh_token"),
                JsonPath.from(refreshed).getString("refresh_token"), keycloak.settings().clientSecret(), user.password())) {
            assertThat(everything).as("no token, code or secret in events or the log").doesNotContain(secret);
        }
    }

    /** A plugin-era callback: the plugin id is the GPT id, on the sign-in's code exchange and refresh alike. */
    @Test
    void aPluginsCodeExchangeAndRefreshCarryThePluginId() {
        User user = newUser();
        ChatGpt chatGpt = new ChatGpt(keycloak);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED_PLUGIN, "plugin", "openid", user.name(), user.password());
        String refreshToken = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED_PLUGIN, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().jsonPath().getString("refresh_token");
        chatGpt.refresh(refreshToken, TokenExchangeMethod.POST_BODY).then().statusCode(200);

        assertThat(events(Map.of("user", user.id()))).filteredOn(event -> List.of("CODE_TO_TOKEN", "REFRESH_TOKEN").contains(event.get("type")))
                .hasSize(2)
                .allSatisfy(event -> assertThat(details(event)).containsEntry("gpt_id", TestCallbacks.APPROVED_PLUGIN_ID));
    }

    /**
     * Keycloak records the refusal before it looks the client up; ActionGate's event store adds the client, the
     * refused callback and its GPT id from the refused request, so the console finds it by client. The same GPT
     * is on the client's pending list, with first and last attempt (the allow-list's admin endpoint).
     */
    @Test
    void aRefusedCallbackIsRecordedAsALoginErrorOfItsClientAndItsGptIsPending() throws Exception {
        String gptId = "g-auditRefused" + UUID.randomUUID().toString().substring(0, 6);
        String refused = "https://chatgpt.com/aip/" + gptId + "/oauth/callback";
        long before = System.currentTimeMillis() - 1000;
        assertThat(new ChatGpt(keycloak).authorize(refused, "refused", "openid").statusCode()).isEqualTo(400);

        String clientId = keycloak.settings().clientId();
        List<Map<String, Object>> refusals = events(Map.of("type", "LOGIN_ERROR", "client", clientId)).stream()
                .filter(event -> ((Number) event.get("time")).longValue() >= before)
                .filter(event -> gptId.equals(details(event).get("gpt_id")))
                .toList();
        assertThat(refusals).singleElement().satisfies(refusal -> assertThat(details(refusal))
                .containsEntry("client_policy_error_detail", "actiongateCallbackNotApproved")
                .containsEntry("redirect_uri", refused)
                .containsEntry("callback_status", "waiting_for_approval"));
        List<String> pending = admin.admin().get(admin.callbacksUrl(admin.clientUuid(keycloak.settings().clientId())))
                .then().statusCode(200).extract().jsonPath().getList("pending.gptId", String.class);
        assertThat(pending).contains(gptId);
    }

    /** An admin's approval or dismissal through the allow-list's REST endpoint is an admin event naming callback and GPT. */
    @Test
    void approvingAndDismissingAWaitingCallbackAreAdminEventsWithTheirGpt() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String approved = "https://chatgpt.com/aip/g-auditApproved" + suffix + "/oauth/callback";
        String dismissed = "https://chatgpt.com/aip/g-auditDismissed" + suffix + "/oauth/callback";
        new ChatGpt(keycloak).authorize(approved, "refused", "openid").then().statusCode(400);
        new ChatGpt(keycloak).authorize(dismissed, "refused", "openid").then().statusCode(400);
        String callbacks = admin.callbacksUrl(admin.clientUuid(keycloak.settings().clientId()));
        admin.admin().body(Map.of("callback", approved)).post(callbacks + "/pending/approve").then().statusCode(200);
        admin.admin().body(Map.of("callback", dismissed)).post(callbacks + "/pending/dismiss").then().statusCode(200);

        List<Map<String, Object>> adminEvents = admin.admin().queryParam("operationTypes", "UPDATE")
                .queryParam("resourceTypes", "CLIENT").get(admin.realmAdminUrl() + "/admin-events")
                .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(adminEvents).filteredOn(event -> ("g-auditApproved" + suffix).equals(details(event).get("gpt_id")))
                .singleElement().satisfies(event -> assertThat(details(event)).containsEntry("callback_status", "approved")
                        .containsEntry("redirect_uri", approved)
                        .containsEntry("client_id", keycloak.settings().clientId()));
        assertThat(adminEvents).filteredOn(event -> ("g-auditDismissed" + suffix).equals(details(event).get("gpt_id")))
                .singleElement().satisfies(event -> assertThat(details(event)).containsEntry("callback_status", "dismissed")
                        .containsEntry("redirect_uri", dismissed));
        admin.admin().body(Map.of("entries", List.of(keycloak.settings().callbacks().split(","))))
                .put(callbacks).then().statusCode(200);
    }

    /**
     * Admin events expire as the realm says: Keycloak's own clean-up task deletes them (it failed on every run while
     * the audit store was a wrapper and not Keycloak's JPA store), and logs no error doing so.
     */
    @Test
    void expiredAdminEventsAreDeletedByKeycloaksCleanUp() throws Exception {
        String realmUrl = admin.realmAdminUrl();
        admin.admin().body(Map.of("attributes", Map.of("adminEventsExpiration", "2"))).put(realmUrl).then().statusCode(204);
        try {
            org.keycloak.representations.idm.ClientRepresentation client = new org.keycloak.representations.idm.ClientRepresentation();
            client.setClientId("expiry-" + UUID.randomUUID());
            String uuid = admin.createClient(client);
            java.util.function.Supplier<Boolean> listed = () -> !admin.admin().queryParam("resourcePath", "clients/" + uuid)
                    .get(realmUrl + "/admin-events").jsonPath().getList("").isEmpty();
            assertThat(listed.get()).as("the admin event, before it expires").isTrue();

            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(2 + 4L * StagedKeycloak.SCHEDULED_TASK_SECONDS + 10).toNanos();
            while (listed.get() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(listed.get()).as("the admin event, after it expired").isFalse();
            assertThat(Files.readString(keycloak.log())).doesNotContain("ClassCastException");
        } finally {
            admin.admin().body(Map.of("attributes", Map.of("adminEventsExpiration", ""))).put(realmUrl).then().statusCode(204);
        }
    }

    private record User(String id, String name, String password) {
    }

    private User newUser() {
        String name = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        String password = RealmSettings.randomSecret();
        return new User(admin.createUser(name, password), name, password);
    }

    private List<Map<String, Object>> events(Map<String, String> query) {
        return admin.admin().queryParams(query).queryParam("max", 200).get(admin.realmAdminUrl() + "/events")
                .then().statusCode(200).extract().jsonPath().getList("");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> details(Map<String, Object> event) {
        return (Map<String, String>) event.getOrDefault("details", Map.of());
    }
}
