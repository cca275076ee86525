package io.actiongate.server.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cutting a GPT off with Keycloak's own mechanisms, as the README's admin guide describes them: one user's
 * grant (the user's Consents tab, or the user's own account page), every user at once (the client's
 * Revocation "Set to now"), or the GPT retired (client disabled). ChatGPT's refresh token stops working at once.
 */
@ExtendWith(ServerExtension.class)
class RevokeGptAccessIT {

    private static final String SCOPE = "openid offline_access";

    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;

 
    RevokeGptAccessIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }
   private record Gpt(String clientId, String uuid, ChatGpt chatGpt) {
    }

    private record SignedIn(String userId, String refreshToken) {
    }

    @Test
    void revokingOneUsersGrantCutsOffThatUserOnly() {
        Gpt gpt = newGpt();
        SignedIn alice = signIn(gpt);
        SignedIn bob = signIn(gpt);

        admin.realm().users().get(alice.userId()).revokeConsent(gpt.clientId());

        assertRefused(gpt.chatGpt().refresh(alice.refreshToken(), TokenExchangeMethod.POST_BODY));
        assertThat(gpt.chatGpt().refresh(bob.refreshToken(), TokenExchangeMethod.POST_BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void revocationNotBeforeCutsOffEveryUserOfTheGpt() {
        Gpt gpt = newGpt();
        Gpt otherGpt = newGpt();
        SignedIn alice = signIn(gpt);
        SignedIn bob = signIn(gpt);
        SignedIn carol = signIn(otherGpt);

        // What the console's Clients > client > Advanced > Revocation > "Set to now" saves. Tokens are issued
        // with whole-second times: wait for the next second so "now" is after them.
        sleepPastTheSecond();
        admin.updateClient(gpt.uuid(), client -> {
            client.setNotBefore((int) (System.currentTimeMillis() / 1000));
            return client;
        });

        assertRefused(gpt.chatGpt().refresh(alice.refreshToken(), TokenExchangeMethod.POST_BODY));
        assertRefused(gpt.chatGpt().refresh(bob.refreshToken(), TokenExchangeMethod.POST_BODY));
        assertThat(otherGpt.chatGpt().refresh(carol.refreshToken(), TokenExchangeMethod.POST_BODY).statusCode())
                .as("another GPT is not affected").isEqualTo(200);
        sleepPastTheSecond();
        assertThat(signIn(gpt).refreshToken()).as("users can sign in again").isNotBlank();
    }

    @Test
    void aDisabledGptLosesAccessAtOnce() {
        Gpt gpt = newGpt();
        SignedIn alice = signIn(gpt);

        admin.updateClient(gpt.uuid(), client -> {
            client.setEnabled(false);
            return client;
        });

        Response refused = gpt.chatGpt().refresh(alice.refreshToken(), TokenExchangeMethod.POST_BODY);
        assertThat(refused.statusCode()).isIn(400, 401);
        assertThat(refused.jsonPath().getString("error")).isIn("unauthorized_client", "invalid_client", "invalid_grant");
    }

    private static void assertRefused(Response refresh) {
        assertThat(refresh.statusCode()).as(refresh.asString()).isEqualTo(400);
        assertThat(refresh.jsonPath().getString("error")).isEqualTo("invalid_grant");
        assertThat(refresh.jsonPath().getString("error_description")).isNotBlank();
    }

    /** A GPT client like the realm's with its own id, so revoking it touches no other test. */
    private Gpt newGpt() {
        KeycloakAdmin.GptClient client = admin.createGptClient(TestCallbacks.APPROVED, representation -> representation);
        return new Gpt(client.clientId(), client.uuid(), new ChatGpt(keycloak, client.clientId(), client.secret()));
    }

    private SignedIn signIn(Gpt gpt) {
        String username = "revoke-" + UUID.randomUUID().toString().substring(0, 8);
        String password = RealmSettings.randomSecret();
        String userId = admin.createUser(username, password);
        Callback callback = gpt.chatGpt().signIn(TestCallbacks.APPROVED, "revoke", SCOPE, username, password);
        String refreshToken = gpt.chatGpt().exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("refresh_token");
        return new SignedIn(userId, refreshToken);
    }

    private static void sleepPastTheSecond() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
