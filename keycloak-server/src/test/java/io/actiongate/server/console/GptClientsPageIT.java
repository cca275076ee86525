package io.actiongate.server.console;

import static io.actiongate.server.testing.GptClientsPage.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.GptClientsPage;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console's "GPT clients" page, through the REST calls the console makes, against the staged Keycloak:
 * an entry per GPT client with the values for the GPT editor; creating an entry makes a GPT client configured
 * exactly like the realm's; saving validates the callbacks, approves and dismisses waiting ones; changes made
 * elsewhere show on the page; deleting an entry deletes the client.
 */
@ExtendWith(ServerExtension.class)
class GptClientsPageIT {

    private static final String SCOPE = "openid offline_access";

    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;
    private final GptClientsPage page;

  
    GptClientsPageIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
        this.page = new GptClientsPage(admin);
    }
  @Test
    void theRealmsGptClientHasAnEntryWithWhatTheGptEditorNeeds() {
        Map<String, Object> entry = page.entry(keycloak.settings().clientId());

        String oidc = keycloak.baseUrl() + "/realms/gpt/protocol/openid-connect/";
        assertThat(field(entry, "authorizationUrl")).containsExactly(oidc + "auth");
        assertThat(field(entry, "tokenUrl")).containsExactly(oidc + "token");
        assertThat(field(entry, "scope")).containsExactly(SCOPE);
        assertThat(field(entry, "tokenExchangeMethod")).containsExactly("Default (POST request)");
        assertThat(field(entry, "approvedCallbacks")).contains(TestCallbacks.APPROVED);
        // The secret stays on the client's Credentials tab.
        assertThat(entry.toString()).doesNotContain(keycloak.settings().clientSecret());
    }

    @Test
    void creatingAnEntryMakesAGptClientConfiguredLikeTheRealmsOne() {
        String clientId = "preset-" + UUID.randomUUID().toString().substring(0, 8);

        page.create(Map.of("clientId", List.of(clientId), "gptName", List.of("Preset GPT"),
                "approvedCallbacks", List.of(TestCallbacks.APPROVED))).then().statusCode(201);

        String uuid = admin.clientUuid(clientId);
        String demoUuid = admin.clientUuid(keycloak.settings().clientId());
        assertThat(comparable(uuid)).isEqualTo(comparable(demoUuid));
        assertThat(scopeMappings(uuid)).isEqualTo(scopeMappings(demoUuid)).doesNotContainKey("clientMappings");
        assertThat(page.entry(clientId).get("name")).isEqualTo(clientId);

        // And it works: the builder pastes the ID and the generated secret, ChatGPT signs a user in.
        String secret = admin.admin().get(admin.realmAdminUrl() + "/clients/" + uuid + "/client-secret")
                .then().statusCode(200).extract().path("value");
        ChatGpt chatGpt = new ChatGpt(keycloak, clientId, secret);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "preset", SCOPE);
        chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200);
    }

    @Test
    void anExistingClientIsTurnedIntoAGptClient() {
        String clientId = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        admin.admin().body(Map.of("clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true,
                "redirectUris", List.of("https://example.org/*"))).post(admin.realmAdminUrl() + "/clients")
                .then().statusCode(201);

        page.create(Map.of("clientId", List.of(clientId))).then().statusCode(201);

        assertThat(comparable(admin.clientUuid(clientId)))
                .isEqualTo(comparable(admin.clientUuid(keycloak.settings().clientId())));
    }

    @Test
    void aBadCallbackIsRefusedOnSaveWithTheReasonAndNothingChanges() {
        String clientId = newGptOnThePage();
        Map<String, Object> entry = page.entry(clientId);

        Response refused = page.save(entry, Map.of("approvedCallbacks",
                List.of(TestCallbacks.APPROVED, "https://chatgpt.com/aip/*")));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(GptClientsPage.error(refused)).contains("'https://chatgpt.com/aip/*' is not a ChatGPT callback URL");
        assertThat(field(page.entry(clientId), "approvedCallbacks")).containsExactly(TestCallbacks.APPROVED);
        assertThat(clientAttribute(clientId, "actiongate.callbacks")).isEqualTo(TestCallbacks.APPROVED);

        Response duplicate = page.create(Map.of("clientId", List.of(clientId)));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(GptClientsPage.error(duplicate)).isEqualTo("Client " + clientId + " already has an entry on this page.");
        assertThat(GptClientsPage.error(page.create(Map.of("gptName", List.of("No ID")))))
                .isEqualTo("Enter the Client ID of the GPT client.");
    }

    @Test
    void aWaitingCallbackApprovedOnThePageSignsInAtOnce() {
        String clientId = newGptOnThePage();
        ChatGpt chatGpt = chatGptOf(clientId);
        String edited = "https://chatgpt.com/aip/g-pageApproval1/oauth/callback";
        chatGpt.authorize(edited, "before", SCOPE).then().statusCode(400);

        Map<String, Object> entry = page.entry(clientId);
        assertThat(field(entry, "waitingCallbacks")).singleElement().asString()
                .startsWith(edited + "  (GPT g-pageApproval1, 1 attempt, first seen ").contains(", last seen ");

        page.save(entry, Map.of("approveWaiting", List.of("true"))).then().statusCode(204);

        Map<String, Object> saved = page.entry(clientId);
        assertThat(field(saved, "approvedCallbacks")).containsExactlyInAnyOrder(TestCallbacks.APPROVED, edited);
        assertThat(field(saved, "waitingCallbacks")).isEmpty();
        assertThat(field(saved, "approveWaiting")).containsExactly("false");
        assertThat(callbackDecisions(clientId)).singleElement().satisfies(decision -> assertThat(decision)
                .containsEntry("callback_status", "approved").containsEntry("gpt_id", "g-pageApproval1")
                .containsEntry("redirect_uri", edited).containsEntry("client_id", clientId));
        Callback callback = chatGpt.signIn(edited, "after", SCOPE);
        chatGpt.exchangeCode(callback.code(), edited, TokenExchangeMethod.BASIC_HEADER).then().statusCode(200);
    }

    @Test
    void addingOneWaitingCallbackToTheApprovedOnesApprovesJustThatOne() {
        String clientId = newGptOnThePage();
        ChatGpt chatGpt = chatGptOf(clientId);
        String chosen = "https://chatgpt.com/aip/g-chosenByHand/oauth/callback";
        String other = "https://chatgpt.com/aip/g-stillWaiting1/oauth/callback";
        chatGpt.authorize(chosen, "a", SCOPE).then().statusCode(400);
        chatGpt.authorize(other, "b", SCOPE).then().statusCode(400);

        Map<String, Object> entry = page.entry(clientId);
        page.save(entry, Map.of("approvedCallbacks", List.of(TestCallbacks.APPROVED, "g-chosenByHand"))).then().statusCode(204);

        assertThat(pending(clientId)).containsExactly(other);
        assertThat(callbackDecisions(clientId)).singleElement().satisfies(decision -> assertThat(decision)
                .containsEntry("callback_status", "approved").containsEntry("gpt_id", "g-chosenByHand"));
        Callback callback = chatGpt.signIn(chosen, "chosen", SCOPE);
        chatGpt.exchangeCode(callback.code(), chosen, TokenExchangeMethod.POST_BODY).then().statusCode(200);
        chatGpt.authorize(other, "still", SCOPE).then().statusCode(400);
    }

    @Test
    void removingAWaitingLineDismissesItAndLeavesWhatTheAdminHasNotSeen() {
        String clientId = newGptOnThePage();
        ChatGpt chatGpt = chatGptOf(clientId);
        String first = "https://chatgpt.com/aip/g-waitingFirst1/oauth/callback";
        String second = "https://chatgpt.com/aip/g-waitingSecond/oauth/callback";
        String meanwhile = "https://chatgpt.com/aip/g-whilePageOpen/oauth/callback";
        chatGpt.authorize(first, "a", SCOPE).then().statusCode(400);
        chatGpt.authorize(second, "b", SCOPE).then().statusCode(400);
        Map<String, Object> shown = page.entryOnce(clientId, entry -> field(entry, "waitingCallbacks").size() == 2);
        chatGpt.authorize(meanwhile, "c", SCOPE).then().statusCode(400);

        List<String> keepSecond = field(shown, "waitingCallbacks").stream().filter(line -> line.startsWith(second)).toList();
        page.save(shown, Map.of("waitingCallbacks", keepSecond)).then().statusCode(204);

        assertThat(pending(clientId)).containsExactlyInAnyOrder(second, meanwhile);
        assertThat(callbackDecisions(clientId)).singleElement().satisfies(decision -> assertThat(decision)
                .containsEntry("callback_status", "dismissed").containsEntry("gpt_id", "g-waitingFirst1"));
        assertThat(clientAttribute(clientId, "actiongate.callbacks")).isEqualTo(TestCallbacks.APPROVED);
        chatGpt.authorize(first, "dismissed", SCOPE).then().statusCode(400);
    }

    @Test
    void changesMadeElsewhereShowOnThePage() {
        String clientId = newGptOnThePage();
        String uuid = admin.clientUuid(clientId);
        String viaApi = "https://chatgpt.com/aip/g-approvedViaApi/oauth/callback";
        chatGptOf(clientId).authorize(viaApi, "api", SCOPE).then().statusCode(400);

        admin.admin().body(Map.of("callback", viaApi))
                .post(admin.callbacksUrl(uuid) + "/pending/approve")
                .then().statusCode(200);
        Map<String, Object> client = admin.admin().get(admin.realmAdminUrl() + "/clients/" + uuid)
                .then().extract().jsonPath().getMap("");
        client.put("name", "Renamed GPT");
        admin.admin().body(client).put(admin.realmAdminUrl() + "/clients/" + uuid).then().statusCode(204);

        Map<String, Object> entry = page.entry(clientId);
        assertThat(field(entry, "approvedCallbacks")).containsExactlyInAnyOrder(TestCallbacks.APPROVED, viaApi);
        assertThat(field(entry, "waitingCallbacks")).isEmpty();
        assertThat(field(entry, "gptName")).containsExactly("Renamed GPT");
    }

    /**
     * The entry's recent activity: the client's sign-in, token issue, refresh and refused callback, most recent
     * first, each with its GPT id, and with no token or user. It is rewritten in the background (every few seconds), so
     * the test waits for it.
     */
    @Test
    void theEntryShowsWhatItsGptDidMostRecentFirst() throws InterruptedException {
        String clientId = newGptOnThePage();
        assertThat(field(page.entry(clientId), "recentActivity")).containsExactly("Nothing yet.");
        ChatGpt chatGpt = chatGptOf(clientId);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "activity", SCOPE);
        String refreshToken = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("refresh_token");
        chatGpt.refresh(refreshToken, TokenExchangeMethod.POST_BODY).then().statusCode(200);
        String refusedGpt = "g-activityRefused";
        chatGpt.authorize("https://chatgpt.com/aip/" + refusedGpt + "/oauth/callback", "refused", SCOPE)
                .then().statusCode(400);

        List<String> lines = List.of();
        long deadline = System.currentTimeMillis() + 45_000;
        while (lines.size() < 4 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            lines = field(page.entry(clientId), "recentActivity").stream()
                    .flatMap(text -> text.lines()).toList();
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).endsWith("  callback refused, waiting for approval  GPT " + refusedGpt);
        assertThat(lines.get(1)).endsWith("  refresh  GPT " + TestCallbacks.APPROVED_GPT_ID);
        assertThat(lines.get(2)).endsWith("  tokens issued  GPT " + TestCallbacks.APPROVED_GPT_ID);
        assertThat(lines.get(3)).endsWith("  sign-in  GPT " + TestCallbacks.APPROVED_GPT_ID);
        // No user on a page that needs only view-realm (a user's events need view-events).
        assertThat(String.join("\n", lines)).doesNotContain(keycloak.settings().demoUser());
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC  .*"));
        assertThat(String.join("\n", lines)).doesNotContain(refreshToken, callback.code());
    }

    /** A GPT client made under Clients (here by its JSON, as Import client sends it) is on the page at once. */
    @Test
    void aGptClientCreatedUnderClientsGetsAnEntry() {
        String clientId = "imported-" + UUID.randomUUID().toString().substring(0, 8);
        admin.admin().body(Map.of("clientId", clientId, "name", "Imported GPT", "publicClient", false,
                        "redirectUris", List.of("https://chatgpt.com/aip/*"),
                        "attributes", Map.of("actiongate.gpt-client", "true", "actiongate.callbacks", TestCallbacks.APPROVED)))
                .post(admin.realmAdminUrl() + "/clients").then().statusCode(201);

        Map<String, Object> entry = page.entry(clientId);
        assertThat(field(entry, "gptName")).containsExactly("Imported GPT");
        assertThat(field(entry, "approvedCallbacks")).containsExactly(TestCallbacks.APPROVED);
    }

    @Test
    void deletingAnEntryDeletesItsClientAndDeletingAClientItsEntry() {
        String viaPage = newGptOnThePage();
        page.delete(page.entry(viaPage)).then().statusCode(204);
        assertThat(admin.clientUuid(viaPage)).isNull();

        String viaClients = newGptOnThePage();
        admin.admin().delete(admin.realmAdminUrl() + "/clients/" + admin.clientUuid(viaClients)).then().statusCode(204);
        assertThat(page.hasEntry(viaClients)).isFalse();
    }

    private String newGptOnThePage() {
        String clientId = "page-" + UUID.randomUUID().toString().substring(0, 8);
        page.create(Map.of("clientId", List.of(clientId), "approvedCallbacks", List.of(TestCallbacks.APPROVED)))
                .then().statusCode(201);
        return clientId;
    }

    private ChatGpt chatGptOf(String clientId) {
        String secret = admin.admin().get(admin.realmAdminUrl() + "/clients/" + admin.clientUuid(clientId) + "/client-secret")
                .then().statusCode(200).extract().path("value");
        return new ChatGpt(keycloak, clientId, secret);
    }

    /** The details of the admin events recording decisions on the client's waiting callbacks, by the test's admin. */
    @SuppressWarnings("unchecked")
    private List<Map<String, String>> callbackDecisions(String clientId) {
        List<Map<String, Object>> events = admin.admin()
                .queryParam("resourcePath", "clients/" + admin.clientUuid(clientId) + "/callbacks")
                .get(admin.realmAdminUrl() + "/admin-events").then().statusCode(200).extract().jsonPath().getList("");
        String adminUser = keycloak.settings().adminUser();
        assertThat(events).allSatisfy(event -> assertThat(admin.admin()
                .get(keycloak.baseUrl() + "/admin/realms/master/users/" + ((Map<String, String>) event.get("authDetails")).get("userId"))
                .then().statusCode(200).extract().jsonPath().getString("username")).isEqualTo(adminUser));
        return events.stream().map(event -> (Map<String, String>) event.get("details")).toList();
    }

    private List<String> pending(String clientId) {
        return admin.pendingCallbacks(admin.clientUuid(clientId));
    }

    @SuppressWarnings("unchecked")
    private String clientAttribute(String clientId, String attribute) {
        Map<String, Object> client = admin.admin().get(admin.realmAdminUrl() + "/clients/" + admin.clientUuid(clientId))
                .then().extract().jsonPath().getMap("");
        return ((Map<String, String>) client.get("attributes")).get(attribute);
    }

    /** A client's representation without what is each client's own: ids, names, secret, approved callbacks. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> comparable(String uuid) {
        Map<String, Object> client = new HashMap<>(admin.admin().get(admin.realmAdminUrl() + "/clients/" + uuid)
                .then().statusCode(200).extract().jsonPath().getMap(""));
        for (String own : List.of("id", "clientId", "name", "description", "secret")) {
            client.remove(own);
        }
        Map<String, Object> attributes = new HashMap<>((Map<String, Object>) client.get("attributes"));
        attributes.remove("actiongate.callbacks");
        attributes.remove("client.secret.creation.time");
        client.put("attributes", attributes);
        List<Map<String, Object>> mappers = new ArrayList<>();
        for (Map<String, Object> mapper : (List<Map<String, Object>>) client.get("protocolMappers")) {
            Map<String, Object> copy = new HashMap<>(mapper);
            copy.remove("id");
            mappers.add(copy);
        }
        mappers.sort(Comparator.comparing(mapper -> (String) mapper.get("name")));
        client.put("protocolMappers", mappers);
        for (String scopes : List.of("defaultClientScopes", "optionalClientScopes", "redirectUris")) {
            List<String> sorted = new ArrayList<>((List<String>) client.get(scopes));
            sorted.sort(null);
            client.put(scopes, sorted);
        }
        return client;
    }

    /** Role scope mappings by role name (none of the broker's for a GPT client). */
    private Map<String, Object> scopeMappings(String uuid) {
        Map<String, Object> mappings = admin.admin().get(admin.realmAdminUrl() + "/clients/" + uuid + "/scope-mappings")
                .then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> withoutIds = new HashMap<>();
        mappings.forEach((kind, value) -> withoutIds.put(kind, value.toString().replaceAll("id=[0-9a-f-]{36}", "")));
        return withoutIds;
    }
}
