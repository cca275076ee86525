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
            "*", "https://*", "https://chat*", "http*", "HTTPS://CHATGPT.COM/aip/*", " https://chatgpt.com/aip/* ",
            // other spellings of the same hosts
            "https://chatgpt.com:443/aip/*", "http://chatgpt.com/aip/*", "https://chatgpt.com./aip/*",
            "https://chat.openai.com:443/*", "http://chatgpt.com/aip/g-abc/oauth/callback", "https://chatgpt.com:8443/aip/*",
            "https://user@chatgpt.com/aip/*", "https://user:pw@chat.openai.com/aip/*", "https://chatgpt%2Ecom/aip/*",
            "https://CHATGPT.com../aip/*", "https:chatgpt.com/aip/*", "https:///chatgpt.com/aip/*",
            "https:\\\\chatgpt.com\\aip/*", "//chatgpt.com/aip/*", "HtTp://ChatGPT.Com:80/aip/*",
            "https://\uff43\uff48\uff41\uff54\uff47\uff50\uff54.com/aip/*", "https://chatgpt\u3002com/aip/*",
            "https://chatgpt.com?x=/aip/*", "https://chatgpt.com#/aip/*",
            // wildcards whose authority is not finished: a user-info part can end them on ChatGPT's host
            "https://app.example*", "https://x@*", "h*", "https:*"})
    void coversEveryRegistrationThatReachesChatGpt(String registered) {
        assertThat(ChatGptRedirects.couldReachChatGpt(List.of("https://app.example/cb", registered), null)).isTrue();
    }

    /** Registrations of other applications: not ChatGPT's business. */
    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example/cb", "https://app.example/*", "https://chatgpt.com.evil.example/aip/*",
            "https://evilchatgpt.com/aip/*", "https://chatgpt.co/*", "/relative/callback",
            "https://chatgpt.com@evil.example/aip/*", "https://evil.example/chatgpt.com/aip/*",
            "https://evil.example?redirect=https://chatgpt.com/aip/*", "myapp://chatgpt.com/aip/*",
            "ftp://chatgpt.com/aip/*", "https://chatgpt.com.evil.example:443/*", "http://localhost:8081/*"})
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
