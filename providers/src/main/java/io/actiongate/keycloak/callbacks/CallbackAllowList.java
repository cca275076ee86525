package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.ChatGptCallback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ChatGPT callbacks one client accepts, parsed once from the entries an admin wrote. Matching a request's
 * {@code redirect_uri} is an exact string lookup in the set of URLs the entries expand to.
 *
 * <p>Entries, separated by commas or white space:
 * <ul>
 *   <li>a full ChatGPT callback URL (see {@link ChatGptCallback});</li>
 *   <li>{@code g-<id>}: that GPT's callback on both ChatGPT hosts; {@code plugin-<id>} likewise for a plugin;</li>
 *   <li>{@value #ANY_GPT}: every GPT's callback, for development only: any GPT in the world could then
 *       obtain this client's tokens for a user who signs in.</li>
 * </ul>
 */
public final class CallbackAllowList {

    public static final String ANY_GPT = "unsafe-any-gpt";

    private static final String SEPARATORS = "[,\\s]+";

    public static final CallbackAllowList EMPTY = new CallbackAllowList(List.of(), Set.of(), false);

    private final List<String> entries;
    private final Set<String> allowedUrls;
    private final boolean anyGpt;

    private CallbackAllowList(List<String> entries, Set<String> allowedUrls, boolean anyGpt) {
        this.entries = entries;
        this.allowedUrls = allowedUrls;
        this.anyGpt = anyGpt;
    }

    /**
     * Parses the entries. A GPT or plugin callback on one ChatGPT host also allows it on the other: ChatGPT has
     * used both hosts for the same GPT, and both are OpenAI's.
     *
     * @throws InvalidEntriesException naming every entry that is not valid, and why
     */
    public static CallbackAllowList parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        List<String> entries = new ArrayList<>();
        Set<String> urls = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        boolean anyGpt = false;
        for (String entry : text.trim().split(SEPARATORS)) {
            if (entry.isEmpty() || entries.contains(entry)) {
                continue;
            }
            Optional<ChatGptCallback> callback = entryCallback(entry);
            if (entry.equals(ANY_GPT)) {
                anyGpt = true;
            } else if (callback.isEmpty()) {
                problems.add(describeInvalid(entry));
                continue;
            } else {
                ChatGptCallback parsed = callback.get();
                urls.add(parsed.url());
                parsed.onOtherHost().ifPresent(other -> urls.add(other.url()));
            }
            entries.add(entry);
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntriesException(problems);
        }
        return new CallbackAllowList(List.copyOf(entries), Collections.unmodifiableSet(urls), anyGpt);
    }

    private static Optional<ChatGptCallback> entryCallback(String entry) {
        if (entry.startsWith("g-") || entry.startsWith("plugin-")) {
            return ChatGptCallback.parse("https://" + ChatGptCallback.CHATGPT_HOST + "/aip/" + entry + "/oauth/callback");
        }
        return ChatGptCallback.parse(entry);
    }

    private static String describeInvalid(String entry) {
        String shown = entry.length() > 80 ? entry.substring(0, 80) + "…" : entry;
        if (entry.startsWith("g-") || entry.startsWith("plugin-")) {
            return "'" + shown + "' is not a valid GPT or plugin id (letters and digits after g-, letters, digits and - after plugin-)";
        }
        return "'" + shown + "' is not a ChatGPT callback URL (https://chatgpt.com/aip/g-<id>/oauth/callback, "
                + "https://chat.openai.com/aip/plugin-<id>/oauth/callback, https://chatgpt.com/connector_platform_oauth_redirect "
                + "or https://chatgpt.com/connector/oauth/<id>), a g-<id> or plugin-<id> shorthand, or " + ANY_GPT;
    }

    public boolean allows(String redirectUri) {
        if (redirectUri == null) {
            return false;
        }
        String canonical = ChatGptCallback.canonical(redirectUri);
        if (allowedUrls.contains(canonical)) {
            return true;
        }
        return anyGpt && ChatGptCallback.parse(canonical).map(callback -> callback.kind() == ChatGptCallback.Kind.GPT).orElse(false);
    }

    /**
     * The entries a client has stored, for showing to an admin: none when they are invalid, which only a route that
     * skips validation (a realm import) can store, and which the executor treats the same way.
     */
    public static CallbackAllowList parseStoredOrEmpty(String text) {
        try {
            return parse(text);
        } catch (InvalidEntriesException e) {
            return EMPTY;
        }
    }

    /**
     * A client's stored entries as an admin sees them: as written, with the reason when they are invalid (only a
     * route that skips validation, a realm import, stores such). Shown as they are, so a save cannot erase them.
     */
    public record Stored(List<String> entries, Optional<String> problem) {
    }

    public static Stored stored(String text) {
        try {
            return new Stored(parse(text).entries(), Optional.empty());
        } catch (InvalidEntriesException e) {
            List<String> written = List.copyOf(new LinkedHashSet<>(List.of(text.trim().split(SEPARATORS))));
            return new Stored(written, Optional.of(e.getMessage()));
        }
    }

    /** The entries as written (normalised: trimmed, de-duplicated), in order. */
    public List<String> entries() {
        return entries;
    }

    /** The entries as the client attribute stores them. */
    public String toAttribute() {
        return String.join(",", entries);
    }

    /** A new list with one more entry (if it is not already there). */
    public CallbackAllowList with(String entry) {
        List<String> all = new ArrayList<>(entries);
        all.add(entry);
        return parse(String.join(",", all));
    }

    /** Some entries are not valid; the message names each one. */
    public static final class InvalidEntriesException extends IllegalArgumentException {
        private final List<String> problems;

        InvalidEntriesException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
