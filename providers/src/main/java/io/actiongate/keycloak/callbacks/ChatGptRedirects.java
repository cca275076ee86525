package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.ChatGptCallback;
import java.util.Collection;
import java.net.IDN;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a client's registered redirect URIs would let Keycloak (or a browser it redirects) send a code to ChatGPT:
 * a URL whose host is a ChatGPT host however it is spelled ({@code https://chatgpt.com:443/aip/*},
 * {@code http://chatgpt.com/aip/*}, {@code https://chatgpt.com./aip/*}, {@code HTTPS://x@ChatGPT.com/},
 * {@code https:\\chatgpt%2Ecom/}), or a wildcard that could still become one ({@code *}, {@code https://*},
 * {@code https://chat*}, {@code https://app.example*}, which a user-info part can end on any host). Such a client
 * is under the allow-list whatever its attributes, so a client made by hand, imported or registered cannot let every
 * GPT in the world sign in. The URI is parsed the way browsers read it, erring on the side of coverage; relative
 * URIs are resolved against the client's root URL.
 */
public final class ChatGptRedirects {

    private static final Set<String> CHATGPT_HOSTS = Set.of(ChatGptCallback.CHATGPT_HOST, ChatGptCallback.LEGACY_HOST);
    private static final Set<String> WEB_SCHEMES = Set.of("http", "https");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

    private ChatGptRedirects() {
    }

    public static boolean couldReachChatGpt(Collection<String> redirectUris, String rootUrl) {
        if (redirectUris == null) {
            return false;
        }
        for (String registered : redirectUris) {
            if (registered != null && reaches(registered.strip(), rootUrl)) {
                return true;
            }
        }
        return false;
    }

    private static boolean reaches(String registered, String rootUrl) {
        String absolute = registered.startsWith("/") && !registered.startsWith("//") && rootUrl != null
                ? stripSlash(rootUrl.strip()) + registered : registered;
        boolean wildcard = absolute.endsWith("*");
        String uri = wildcard ? absolute.substring(0, absolute.length() - 1) : absolute;
        String rest;
        Matcher scheme = SCHEME.matcher(uri);
        if (scheme.find()) {
            if (!WEB_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
                return false;
            }
            rest = uri.substring(scheme.end());
        } else if (uri.startsWith("//") || uri.startsWith("\\")) {
            rest = uri; // scheme-relative: the page's scheme, http or https
        } else {
            // No scheme yet: only a wildcard that could still grow into "https://..." reaches anything.
            return wildcard && Stream.of("https://", "http://").anyMatch(web -> web.startsWith(uri.toLowerCase(Locale.ROOT)));
        }
        // Browsers read any run of slashes and backslashes after a web scheme as the start of the authority.
        int start = 0;
        while (start < rest.length() && (rest.charAt(start) == '/' || rest.charAt(start) == '\\')) {
            start++;
        }
        int end = start;
        while (end < rest.length() && "/\\?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        if (end == rest.length() && wildcard) {
            return true; // the authority is not finished: the wildcard can still end it on a ChatGPT host
        }
        return CHATGPT_HOSTS.contains(host(rest.substring(start, end)));
    }

    /** The host of an authority as a browser would resolve it: no user info or port, decoded, lower case, no final dot. */
    static String host(String authority) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int port = host.lastIndexOf(':');
        if (port >= 0 && !host.endsWith("]")) {
            host = host.substring(0, port);
        }
        try {
            host = URLDecoder.decode(host.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not decodable: compared as written
        }
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED); // full-width and other look-alike forms browsers map
        } catch (IllegalArgumentException e) {
            // not a host a browser would map either
        }
        host = host.toLowerCase(Locale.ROOT);
        while (host.endsWith(".") || host.endsWith("\u3002")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
