package io.actiongate.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The realm file as earlier releases shipped it (src/test/resources/realm-history, copied from git history), with
 * its placeholders filled in from a server's environment the way Keycloak's import fills them.
 */
public enum RealmHistory {
    /** The first release (commit e8f005b): the GPT client only. */
    FIRST_RELEASE("2026-11-22-e8f005b.json"),
    /** The first MCP release (commit 653a348): connector scopes and clients, before self-registration. */
    FIRST_MCP_RELEASE("2026-12-01-653a348.json");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");

    private final String file;

    RealmHistory(String file) {
        this.file = file;
    }

    public String resolved(Map<String, String> environment) {
        try (InputStream in = RealmHistory.class.getResourceAsStream("/realm-history/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + file);
            }
            Matcher matcher = PLACEHOLDER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String value = environment.getOrDefault(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
