package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.ChatGptCallback;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a client's registered redirect URIs would let Keycloak send a code to ChatGPT: an exact URL on a ChatGPT
 * host, or a wildcard whose prefix covers one ({@code https://chatgpt.com/aip/*}, but also {@code *},
 * {@code https://*} or {@code https://chat*}). Such a client is under the allow-list whatever its attributes, so a
 * client made by hand, imported or registered dynamically cannot let every GPT in the world sign in. Errs on the
 * side of coverage: case is ignored and relative URIs are resolved against the client's root URL.
 */
public final class ChatGptRedirects {

    private static final List<String> CHATGPT_ORIGINS = List.of(
            "https://" + ChatGptCallback.CHATGPT_HOST + "/", "https://" + ChatGptCallback.LEGACY_HOST + "/");

    private ChatGptRedirects() {
    }

    public static boolean couldReachChatGpt(Collection<String> redirectUris, String rootUrl) {
        if (redirectUris == null) {
            return false;
        }
        for (String registered : redirectUris) {
            if (registered != null && couldReachChatGpt(registered.trim(), rootUrl)) {
                return true;
            }
        }
        return false;
    }

    private static boolean couldReachChatGpt(String registered, String rootUrl) {
        String absolute = registered.startsWith("/") && rootUrl != null ? stripSlash(rootUrl.trim()) + registered : registered;
        String uri = absolute.toLowerCase(Locale.ROOT);
        if (uri.endsWith("*")) {
            String prefix = uri.substring(0, uri.length() - 1);
            return CHATGPT_ORIGINS.stream().anyMatch(origin -> origin.startsWith(prefix) || prefix.startsWith(origin));
        }
        return CHATGPT_ORIGINS.stream().anyMatch(uri::startsWith);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
