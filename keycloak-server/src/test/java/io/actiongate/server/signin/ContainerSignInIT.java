package io.actiongate.server.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.ContainerKeycloak;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.TestCallbacks;
import org.junit.jupiter.api.Test;

/**
 * The same sign-in against the official Keycloak image with ActionGate's parts, for machines with Docker.
 * Without a Docker engine it is skipped, loudly; the staged distribution tests always run.
 */
class ContainerSignInIT {

    @Test
    void gptActionSignInOnTheOfficialImage() {
        boolean docker = ContainerKeycloak.dockerAvailable();
        if (!docker) {
            System.out.println("[actiongate] SKIPPED ContainerSignInIT: no Docker engine answers here; "
                    + "the staged-distribution tests cover the same flow.");
        }
        assumeTrue(docker, "no Docker engine: the container path is not exercised on this machine");

        try (ContainerKeycloak keycloak = ContainerKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES))) {
            ChatGpt chatGpt = new ChatGpt(keycloak);
            ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "container", "openid offline_access");
            assertThat(callback.state()).isEqualTo("container");
            chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.BASIC_HEADER)
                    .then().statusCode(200);
        }
    }
}
