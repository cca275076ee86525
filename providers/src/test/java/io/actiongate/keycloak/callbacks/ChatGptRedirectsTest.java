package io.actiongate.keycloak.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatGptRedirectsTest {

    /** Registered redirect URIs that would let Keycloak send a code to ChatGPT: the client is under the allow-list. */
    @ParameterizedTest
    @ValueSource(strings = {
            "https://chatgpt.com/aip/*", "https://chat.openai.com/aip/*", "https://chatgpt.com/connector/oauth/*",
            "https://chatgpt.com/connector_platform_oauth_redirect", "https://chatgpt.com/aip/g-abc/oauth/callback",
            "*", "https://*", "https://chat*", "http*", "HTTPS://CHATGPT.COM/aip/*", " https://chatgpt.com/aip/* "})
    void coversEveryRegistrationThatReachesChatGpt(String registered) {
        assertThat(ChatGptRedirects.couldReachChatGpt(List.of("https://app.example/cb", registered), null)).isTrue();
    }

    /** Registrations of other applications: not ChatGPT's business. */
    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example/cb", "https://app.example/*", "https://chatgpt.com.evil.example/aip/*",
            "https://evilchatgpt.com/aip/*", "http://chatgpt.com/aip/g-abc/oauth/callback", "https://chatgpt.co/*",
            "/relative/callback"})
    void leavesOtherApplicationsAlone(String registered) {
        assertThat(ChatGptRedirects.couldReachChatGpt(List.of(registered), null)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void relativeUrisCountOnTheirRootUrl() {
        assertThat(ChatGptRedirects.couldReachChatGpt(List.of("/aip/*"), "https://chatgpt.com/")).isTrue();
        assertThat(ChatGptRedirects.couldReachChatGpt(List.of("/aip/*"), "https://app.example")).isFalse();
        assertThat(ChatGptRedirects.couldReachChatGpt(null, null)).isFalse();
    }
}
