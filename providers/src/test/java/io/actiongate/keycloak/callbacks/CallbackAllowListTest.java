package io.actiongate.keycloak.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actiongate.keycloak.ChatGptCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackAllowListTest {

    private static final String GPT = "https://chatgpt.com/aip/g-abc123/oauth/callback";
    private static final String GPT_LEGACY = "https://chat.openai.com/aip/g-abc123/oauth/callback";
    private static final String PLUGIN = "https://chat.openai.com/aip/plugin-3f1c2b4a-9d2e-4c1b-8a7f-0e6d5c4b3a21/oauth/callback";
    private static final String CONNECTOR_PLATFORM = "https://chatgpt.com/connector_platform_oauth_redirect";
    private static final String CONNECTOR = "https://chatgpt.com/connector/oauth/cb_7Hq2-xY";

    /**
     * Every accepted form: entries, the redirect_uri, and the expected answer. A GPT or plugin callback on one
     * ChatGPT host allows it on the other.
     */
    @ParameterizedTest(name = "[{0}] allows {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            GPT + "                     | " + GPT + "          | true",
            GPT + "                     | " + GPT_LEGACY + "   | true",
            GPT_LEGACY + "              | " + GPT + "          | true",
            "g-abc123                   | " + GPT + "          | true",
            "g-abc123                   | " + GPT_LEGACY + "   | true",
            "g-abc123                   | https://chatgpt.com/aip/g-abc124/oauth/callback | false",
            "plugin-3f1c2b4a-9d2e-4c1b-8a7f-0e6d5c4b3a21 | " + PLUGIN + " | true",
            PLUGIN + "                  | https://chatgpt.com/aip/plugin-3f1c2b4a-9d2e-4c1b-8a7f-0e6d5c4b3a21/oauth/callback | true",
            CONNECTOR_PLATFORM + "      | " + CONNECTOR_PLATFORM + " | true",
            CONNECTOR + "               | " + CONNECTOR + "    | true",
            CONNECTOR + "               | https://chatgpt.com/connector/oauth/other | false",
            "unsafe-any-gpt             | https://chatgpt.com/aip/g-anyOther9/oauth/callback | true",
            "unsafe-any-gpt             | https://chat.openai.com/aip/g-anyOther9/oauth/callback | true",
            "unsafe-any-gpt             | " + PLUGIN + "       | false",
            "unsafe-any-gpt             | https://evil.example/aip/g-x/oauth/callback | false",
            "'g-one, g-two  g-abc123'   | " + GPT + "          | true",
    })
    void acceptedForms(String entries, String redirectUri, boolean allowed) {
        assertThat(CallbackAllowList.parse(entries).allows(redirectUri)).isEqualTo(allowed);
    }

    @Test
    void anEmptyListAllowsNothing() {
        assertThat(CallbackAllowList.parse("").allows(GPT)).isFalse();
        assertThat(CallbackAllowList.parse(null).allows(GPT)).isFalse();
        assertThat(CallbackAllowList.parse(" , ").entries()).isEmpty();
    }

    @Test
    void entriesAreNormalisedAndDeduplicated() {
        CallbackAllowList list = CallbackAllowList.parse(" g-abc123,\n g-abc123 " + CONNECTOR + " ");

        assertThat(list.entries()).containsExactly("g-abc123", CONNECTOR);
        assertThat(list.toAttribute()).isEqualTo("g-abc123," + CONNECTOR);
        assertThat(list.with("g-new1").entries()).containsExactly("g-abc123", CONNECTOR, "g-new1");
    }

    @Test
    void badEntriesAreRefusedWithEveryReason() {
        assertThatThrownBy(() -> CallbackAllowList.parse("g-ok1, https://chatgpt.com/aip/*, g-bad.id, http://chatgpt.com/x"))
                .isInstanceOf(CallbackAllowList.InvalidEntriesException.class)
                .satisfies(e -> assertThat(((CallbackAllowList.InvalidEntriesException) e).problems()).hasSize(3))
                .hasMessageContaining("'https://chatgpt.com/aip/*' is not a ChatGPT callback URL")
                .hasMessageContaining("'g-bad.id' is not a valid GPT or plugin id")
                .hasMessageContaining("'http://chatgpt.com/x'");
    }

    /**
     * The spellings a browser resolves to the same https URL (scheme and host case, the host's final dot, the
     * default port) are the approved callback; the same spellings of another GPT's callback are not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"HTTPS://chatgpt.com", "Https://chatgpt.com", "https://chatgpt.com:443", "https://chat.openai.com:443",
            "https://ChatGPT.com", "https://CHATGPT.COM", "https://chatgpt.Com", "https://chatgpt.com.", "https://chat.openai.com.",
            "HTTPS://CHAT.OPENAI.COM.:443"})
    void spellingsOfTheApprovedCallbackAreIt(String origin) {
        CallbackAllowList list = CallbackAllowList.parse("g-abc123");

        assertThat(list.allows(origin + "/aip/g-abc123/oauth/callback")).isTrue();
        assertThat(list.allows(origin + "/aip/g-abc124/oauth/callback")).isFalse();
        assertThat(list.allows(origin + "/AIP/g-abc123/oauth/callback")).isFalse();
    }

    /** No hostile redirect_uri gets through a list that approves g-abc123 (and everything else it could). */
    @ParameterizedTest
    @MethodSource("hostileUris")
    void hostileUrisAreRejected(String uri) {
        CallbackAllowList list = CallbackAllowList.parse(String.join(",", "g-abc123", GPT, GPT_LEGACY, PLUGIN,
                CONNECTOR_PLATFORM, CONNECTOR));

        assertThat(list.allows(uri)).as(uri).isFalse();
    }

    @Test
    void thereAreAtLeastAHundredHostileUris() {
        assertThat(hostileUris().count()).isGreaterThanOrEqualTo(100);
    }

    @ParameterizedTest
    @MethodSource("hostileUris")
    void hostileUrisAreNotWellFormedCallbacksExceptOtherGpts(String uri) {
        // Other GPTs' and plugins' callbacks are well-formed (they become pending approvals); nothing else is.
        boolean otherApp = uri != null && uri.matches(
                "https://(chatgpt\\.com|chat\\.openai\\.com)/aip/(g-[A-Za-z0-9]{1,64}|plugin-[A-Za-z0-9-]{1,64})/oauth/callback");
        assertThat(ChatGptCallback.parse(uri).isPresent()).as(uri).isEqualTo(otherApp);
    }

    static Stream<String> hostileUris() {
        List<String> uris = new ArrayList<>();
        // Other GPTs, on both hosts.
        for (String id : List.of("g-abc1234", "g-abc12", "g-ABC123", "g-abc123abc123", "g-x", "g-0")) {
            uris.add("https://chatgpt.com/aip/" + id + "/oauth/callback");
            uris.add("https://chat.openai.com/aip/" + id + "/oauth/callback");
        }
        String path = "/aip/g-abc123/oauth/callback";
        // Scheme tricks.
        for (String scheme : List.of("http://", "https:/", "https:///", "//", "ftp://", "wss://",
                "javascript://", " https://", "https:\\\\", "")) {
            uris.add(scheme + "chatgpt.com" + path);
        }
        // Ports and userinfo.
        for (String authority : List.of("chatgpt.com:8443", "chatgpt.com:", "chatgpt.com@evil.com",
                "evil.com@chatgpt.com", "user:pass@chatgpt.com", "chatgpt.com%40evil.com", "chatgpt.com\\@evil.com",
                "chatgpt.com:443@evil.com", "chatgpt.com.:8443", "[::1]", "127.0.0.1", "0x7f.1")) {
            uris.add("https://" + authority + path);
        }
        // Host case, trailing dots and look-alikes (including IDN homoglyphs and punycode).
        for (String host : List.of("chatgpt.com..", "chatgpt.com.:443.",
                "chatgpt.com.evil.com", "evil.chatgpt.com", "chatgpt.co", "chatgpt.com.co", "chatgpt.net", "chatgpt-com.com",
                "chatgptcom", "chat-gpt.com", "chatgpt.comm", "chat.openai.co", "chat.openai.com.evil.com", "openai.com",
                "chаtgpt.com", "сhatgpt.com", "chatgpt.соm", "chatgpt.com\u200b", "xn--chtgpt-9fg.com", "chatgpt。com",
                "chatgpt%2ecom", "www.chatgpt.com", "chat.openai.com.chatgpt.com.evil")) {
            uris.add("https://" + host + path);
        }
        // Query, fragment, encodings, dot segments, slashes, extra segments.
        String base = "https://chatgpt.com";
        for (String suffix : List.of("?", "?x=1", "?redirect=https://evil.com", "#", "#frag", "/", "//", "/.", "/..",
                "/../../evil", "%2F", "%2f..%2fevil", "/extra", "/oauth/callback", ";jsessionid=1", "%00", "\n", "\r\nX: y",
                " ", "\t", "?#", "&x=1")) {
            uris.add(base + path + suffix);
        }
        for (String variant : List.of("/aip/g-abc123/oauth/callback/", "//aip/g-abc123/oauth/callback",
                "/aip//g-abc123/oauth/callback", "/aip/g-abc123//oauth/callback", "/aip/g-abc123/oauth//callback",
                "/aip/./g-abc123/oauth/callback", "/aip/g-abc123/./oauth/callback", "/aip/x/../g-abc123/oauth/callback",
                "/aip/g-abc123/oauth/../oauth/callback", "/aip/g%2Dabc123/oauth/callback", "/aip/g-abc%31%32%33/oauth/callback",
                "/%61ip/g-abc123/oauth/callback", "/aip/g-abc123/oauth/callbac%6B", "/aip/g-abc123%2Foauth/callback",
                "/AIP/g-abc123/oauth/callback", "/aip/G-abc123/oauth/callback", "/aip/g-abc123/OAuth/callback",
                "/aip/g-abc123/oauth/Callback", "/aip/g-abc123/oauth/callback.json", "/aip/g-abc123.evil/oauth/callback",
                "/aip/g-abc123/oauth/callback/extra", "/extra/aip/g-abc123/oauth/callback", "/aip/g-abc123/oauth",
                "/aip/g-abc123", "/aip/g-/oauth/callback", "/aip/g-abc_123/oauth/callback", "/aip/g-abc 123/oauth/callback",
                "/aip/g-abc123\\oauth\\callback", "/aip/plugin-/oauth/callback", "/aip/plugin-3f1c2b4a/oauth/callback",
                "/connector/oauth/", "/connector/oauth/cb_7Hq2-xY/", "/connector/oauth/cb_7Hq2-xY?x", "/connector/oauth/../oauth/cb_7Hq2-xY",
                "/connector_platform_oauth_redirect/", "/connector_platform_oauth_redirect?x=1", "/CONNECTOR_PLATFORM_OAUTH_REDIRECT")) {
            uris.add(base + variant);
        }
        uris.add("https://chat.openai.com/connector_platform_oauth_redirect");
        uris.add("https://chat.openai.com/connector/oauth/cb_7Hq2-xY");
        uris.add("https://chatgpt.com/aip/g-" + "a".repeat(65) + "/oauth/callback");
        uris.add("https://chatgpt.com/aip/g-abc123/oauth/callback".repeat(8));
        uris.add(null);
        uris.add("");
        uris.add("g-abc123");
        uris.add("unsafe-any-gpt");
        return uris.stream();
    }
}
