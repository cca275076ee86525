package io.actiongate.server.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-client callback allow-list (client policy executor) and its admin endpoint, on the staged Keycloak. */
@ExtendWith(ServerExtension.class)
class CallbackAllowListIT {

    private static final String OTHER_GPT = "https://chatgpt.com/aip/g-someoneelse42/oauth/callback";

    private final KeycloakUnderTest keycloak;
    private final KeycloakAdmin admin;

 
    CallbackAllowListIT(KeycloakUnderTest keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }
   @Test
    void theApprovedGptSignsInOnBothChatGptHosts() {
        ChatGpt chatGpt = new ChatGpt(keycloak);
        String legacy = TestCallbacks.APPROVED.replace("https://chatgpt.com/", "https://chat.openai.com/");

        for (String callbackUrl : List.of(TestCallbacks.APPROVED, legacy)) {
            Callback callback = chatGpt.signIn(callbackUrl, "both-hosts", "openid offline_access");
            assertThat(callback.redirectUri()).isEqualTo(callbackUrl);
            chatGpt.exchangeCode(callback.code(), callbackUrl, TokenExchangeMethod.POST_BODY).then().statusCode(200);
        }
    }

    @Test
    void anotherGptsCallbackGetsAnErrorPageAndNoRedirect() {
        Response page = new ChatGpt(keycloak).authorize(OTHER_GPT, "other", "openid offline_access");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.header("Location")).isNull();
        assertThat(page.asString()).contains("This GPT is not approved to sign in here yet")
                .doesNotContain("g-someoneelse42/oauth/callback?");
    }

    @Test
    void notAChatGptCallbackIsRejectedAndNotRecorded() {
        TestClient client = newGptClient(TestCallbacks.APPROVED);

        for (String hostile : List.of("https://evil.example/callback", "https://chatgpt.com@evil.com/aip/g-x/oauth/callback",
                "https://chatgpt.com/aip/g-abc/oauth/callback?x=1", "http://chatgpt.com/aip/g-abc/oauth/callback")) {
            Response page = client.chatGpt().authorize(hostile, "hostile", "openid");
            assertThat(page.statusCode()).as(hostile).isEqualTo(400);
            assertThat(page.header("Location")).as(hostile).isNull();
        }

        assertThat(client.callbacks().getList("pending")).isEmpty();
    }

    @Test
    void aPendingCallbackOnceApprovedSignsIn() {
        TestClient client = newGptClient(TestCallbacks.APPROVED);
        String edited = "https://chatgpt.com/aip/g-editedAction7/oauth/callback";

        client.chatGpt().authorize(edited, "before", "openid offline_access").then().statusCode(400);
        client.chatGpt().authorize(edited, "again", "openid offline_access").then().statusCode(400);

        JsonPath callbacks = client.callbacks();
        assertThat(callbacks.getList("entries", String.class)).containsExactly(TestCallbacks.APPROVED);
        assertThat(callbacks.getString("pending[0].callback")).isEqualTo(edited);
        assertThat(callbacks.getString("pending[0].gptId")).isEqualTo("g-editedAction7");
        assertThat(callbacks.getLong("pending[0].attempts")).isEqualTo(2);
        assertThat(callbacks.getString("pending[0].firstSeen")).isNotBlank();

        JsonPath approved = admin.admin().body(Map.of("callback", edited)).post(client.callbacksUrl() + "/pending/approve")
                .then().statusCode(200).extract().jsonPath();
        assertThat(approved.getList("entries", String.class)).containsExactly(TestCallbacks.APPROVED, edited);
        assertThat(approved.getList("pending")).isEmpty();

        Callback callback = client.chatGpt().signIn(edited, "after", "openid offline_access");
        assertThat(callback.state()).isEqualTo("after");
        client.chatGpt().exchangeCode(callback.code(), edited, TokenExchangeMethod.BASIC_HEADER).then().statusCode(200);
    }

    @Test
    void pendingCallbacksAreDeduplicatedBoundedAndDismissable() {
        TestClient client = newGptClient(TestCallbacks.APPROVED);
        for (int i = 0; i < 25; i++) {
            client.chatGpt().authorize("https://chatgpt.com/aip/g-flood" + i + "/oauth/callback", "flood", "openid")
                    .then().statusCode(400);
        }
        client.chatGpt().authorize("https://chatgpt.com/aip/g-flood19/oauth/callback", "flood", "openid").then().statusCode(400);

        // The first 20 wait; the 5 after them were dropped, not let in by pushing one out.
        JsonPath callbacks = client.callbacks();
        assertThat(callbacks.getList("pending")).hasSize(20);
        assertThat(callbacks.getList("pending.callback", String.class)).doesNotContain("https://chatgpt.com/aip/g-flood24/oauth/callback");
        assertThat(callbacks.getString("pending[0].callback")).isEqualTo("https://chatgpt.com/aip/g-flood19/oauth/callback");
        assertThat(callbacks.getLong("pending[0].attempts")).isEqualTo(2);

        admin.admin().body(Map.of("callback", "https://chatgpt.com/aip/g-flood19/oauth/callback"))
                .post(client.callbacksUrl() + "/pending/dismiss").then().statusCode(200);
        assertThat(client.callbacks().getList("pending.callback", String.class))
                .hasSize(19).doesNotContain("https://chatgpt.com/aip/g-flood19/oauth/callback");
        // With room again, the next refused callback waits.
        client.chatGpt().authorize("https://chatgpt.com/aip/g-flood24/oauth/callback", "flood", "openid").then().statusCode(400);
        assertThat(client.callbacks().getList("pending.callback", String.class))
                .hasSize(20).contains("https://chatgpt.com/aip/g-flood24/oauth/callback");
    }

    @Test
    void aTokenRequestWithAnotherRedirectUriIsRefused() {
        TestClient client = newGptClient(TestCallbacks.APPROVED + ",g-secondGpt1");
        Callback callback = client.chatGpt().signIn(TestCallbacks.APPROVED, "swap", "openid offline_access");

        for (String other : List.of("https://chatgpt.com/aip/g-secondGpt1/oauth/callback", OTHER_GPT)) {
            Response exchanged = client.chatGpt().exchangeCode(callback.code(), other, TokenExchangeMethod.POST_BODY);
            assertThat(exchanged.statusCode()).as(other).isEqualTo(400);
            assertThat(exchanged.jsonPath().getString("error")).isEqualTo("invalid_grant");
            assertThat(exchanged.jsonPath().getString("error_description")).isNotBlank();
        }
    }

    @Test
    void badEntriesAreRefusedWhenSaved() {
        TestClient client = newGptClient(TestCallbacks.APPROVED);

        Response viaEndpoint = admin.admin().body(Map.of("entries", List.of("g-fine1", "https://chatgpt.com/aip/*")))
                .put(client.callbacksUrl());
        assertThat(viaEndpoint.statusCode()).isEqualTo(400);
        assertThat(viaEndpoint.asString()).contains("'https://chatgpt.com/aip/*' is not a ChatGPT callback URL");

        Map<String, Object> representation = admin.admin().get(admin.realmAdminUrl() + "/clients/" + client.uuid())
                .then().extract().jsonPath().getMap("");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = new java.util.HashMap<>((Map<String, Object>) representation.get("attributes"));
        attributes.put("actiongate.callbacks", "https://chatgpt.com.evil.com/aip/g-x/oauth/callback");
        representation.put("attributes", attributes);
        Response viaClientUpdate = admin.admin().body(representation).put(admin.realmAdminUrl() + "/clients/" + client.uuid());
        assertThat(viaClientUpdate.statusCode()).isEqualTo(400);
        assertThat(viaClientUpdate.jsonPath().getString("error_description")).contains("is not a ChatGPT callback URL");

        assertThat(client.callbacks().getList("entries", String.class)).containsExactly(TestCallbacks.APPROVED);
        Response fine = admin.admin().body(Map.of("entries", List.of("g-fine1", TestCallbacks.APPROVED))).put(client.callbacksUrl());
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(fine.jsonPath().getList("entries", String.class)).containsExactly("g-fine1", TestCallbacks.APPROVED);
    }

    @Test
    void theAdminEndpointNeedsAnAdmin() {
        TestClient client = newGptClient(TestCallbacks.APPROVED);

        io.restassured.RestAssured.given().get(client.callbacksUrl()).then().statusCode(401);
    }

    private record TestClient(String uuid, ChatGpt chatGpt, KeycloakAdmin admin) {
        String callbacksUrl() {
            return admin.callbacksUrl(uuid);
        }

        JsonPath callbacks() {
            return admin.admin().get(callbacksUrl()).then().statusCode(200).extract().jsonPath();
        }
    }

    /** A GPT client like the realm's, with its own approved callbacks, so tests do not share pending entries. */
    private TestClient newGptClient(String approved) {
        KeycloakAdmin.GptClient client = admin.createGptClient(approved, representation -> representation);
        return new TestClient(client.uuid(), new ChatGpt(keycloak, client.clientId(), client.secret()), admin);
    }
}
