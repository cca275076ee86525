package io.actiongate.keycloak;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A well-formed ChatGPT OAuth callback URL, recognised by exact patterns written here (never by the admin):
 * the GPT Action callback, the plugin-era callback, and the two MCP connector callbacks. Anything else, e.g.
 * other schemes, ports, userinfo, query, fragment, percent-encoding, dot segments, extra or doubled slashes,
 * upper-case or trailing-dot hosts, look-alike and non-ASCII hosts, does not parse.
 */
public record ChatGptCallback(Kind kind, String host, String id) {

    public static final String CHATGPT_HOST = "chatgpt.com";
    public static final String LEGACY_HOST = "chat.openai.com";

    public enum Kind {
        /** {@code https://chatgpt.com/aip/g-<id>/oauth/callback} (or on chat.openai.com). */
        GPT,
        /** {@code https://chat.openai.com/aip/plugin-<id>/oauth/callback} (or on chatgpt.com). */
        PLUGIN,
        /** {@code https://chatgpt.com/connector_platform_oauth_redirect}; no id. */
        CONNECTOR_PLATFORM,
        /** {@code https://chatgpt.com/connector/oauth/<id>}. */
        CONNECTOR
    }

    // matches() must cover the whole input, so these need no anchors; \z-like strictness comes from that.
    private static final Pattern AIP = Pattern.compile(
            "https://(chatgpt\\.com|chat\\.openai\\.com)/aip/((?:g-[A-Za-z0-9]{1,64})|(?:plugin-[A-Za-z0-9][A-Za-z0-9-]{0,63}))/oauth/callback");
    private static final Pattern CONNECTOR = Pattern.compile(
            "https://chatgpt\\.com/connector/oauth/([A-Za-z0-9][A-Za-z0-9_-]{0,127})");
    private static final String CONNECTOR_PLATFORM = "https://chatgpt.com/connector_platform_oauth_redirect";
    private static final Pattern SPELLED_ORIGIN = Pattern.compile(
            "(?i)https://(chatgpt\\.com|chat\\.openai\\.com)\\.?(?::443)?(/.*)");

    /**
     * The URI with the spellings of ChatGPT's https origin that a browser resolves to the same place written the one
     * way {@link #parse} accepts: scheme and host in any case, the host with a final dot, the default port 443.
     * Anything else (another scheme or port, user info) is returned as it is, and does not parse.
     */
    public static String canonical(String uri) {
        if (uri == null || uri.length() > 300) {
            return uri;
        }
        Matcher origin = SPELLED_ORIGIN.matcher(uri);
        return origin.matches() ? "https://" + origin.group(1).toLowerCase(java.util.Locale.ROOT) + origin.group(2) : uri;
    }

    public static Optional<ChatGptCallback> parse(String uri) {
        if (uri == null || uri.length() > 300) {
            return Optional.empty();
        }
        if (uri.equals(CONNECTOR_PLATFORM)) {
            return Optional.of(new ChatGptCallback(Kind.CONNECTOR_PLATFORM, CHATGPT_HOST, null));
        }
        Matcher aip = AIP.matcher(uri);
        if (aip.matches()) {
            String id = aip.group(2);
            return Optional.of(new ChatGptCallback(id.startsWith("g-") ? Kind.GPT : Kind.PLUGIN, aip.group(1), id));
        }
        Matcher connector = CONNECTOR.matcher(uri);
        if (connector.matches()) {
            return Optional.of(new ChatGptCallback(Kind.CONNECTOR, CHATGPT_HOST, connector.group(1)));
        }
        return Optional.empty();
    }

    /** The same callback on the other ChatGPT host, for the kinds that exist on both. */
    public Optional<ChatGptCallback> onOtherHost() {
        if (kind != Kind.GPT && kind != Kind.PLUGIN) {
            return Optional.empty();
        }
        return Optional.of(new ChatGptCallback(kind, host.equals(CHATGPT_HOST) ? LEGACY_HOST : CHATGPT_HOST, id));
    }

    public String url() {
        return switch (kind) {
            case GPT, PLUGIN -> "https://" + host + "/aip/" + id + "/oauth/callback";
            case CONNECTOR_PLATFORM -> CONNECTOR_PLATFORM;
            case CONNECTOR -> "https://" + CHATGPT_HOST + "/connector/oauth/" + id;
        };
    }

    /** An MCP connector's callback (ChatGPT apps), not a GPT Action's or a plugin's. */
    public boolean isConnector() {
        return kind == Kind.CONNECTOR || kind == Kind.CONNECTOR_PLATFORM;
    }

    /** What a person recognises the caller by: the GPT or plugin id, or the connector. */
    public String displayName() {
        return kind == Kind.CONNECTOR_PLATFORM ? "ChatGPT connector" : id;
    }
}
