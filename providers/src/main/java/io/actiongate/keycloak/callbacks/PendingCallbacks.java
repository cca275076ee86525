package io.actiongate.keycloak.callbacks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Well-formed ChatGPT callbacks a client rejected because nobody approved them yet, usually because the
 * builder edited the GPT's action and ChatGPT gave it a new callback. Kept in Keycloak's single-use object
 * store (shared by every node of a cluster, no database write), per client, at most {@value #MAX_PER_CLIENT}:
 * the least recently seen goes first, so a flood of made-up callbacks cannot grow it.
 */
public final class PendingCallbacks {

    public static final int MAX_PER_CLIENT = 20;
    /** A pending callback nobody retries is forgotten after a week. */
    static final long LIFESPAN_SECONDS = 7 * 24 * 3600;

    /** One pending callback. */
    public record Pending(String callback, String gptId, Instant firstSeen, Instant lastSeen, long attempts) {

        String encode() {
            return firstSeen.toEpochMilli() + " " + lastSeen.toEpochMilli() + " " + attempts;
        }

        static Pending decode(String callback, String value) {
            String[] parts = value.split(" ");
            String gptId = ChatGptCallback.parse(callback).map(ChatGptCallback::displayName).orElse("");
            return new Pending(callback, gptId, Instant.ofEpochMilli(Long.parseLong(parts[0])),
                    Instant.ofEpochMilli(Long.parseLong(parts[1])), Long.parseLong(parts[2]));
        }
    }

    private final SingleUseObjectProvider store;
    private final String key;

    public PendingCallbacks(KeycloakSession session, RealmModel realm, ClientModel client) {
        this.store = session.singleUseObjects();
        this.key = "actiongate.pending-callbacks." + realm.getId() + "." + client.getId();
    }

    /** Records one rejected attempt; true if the callback was not pending before. */
    public boolean record(ChatGptCallback callback, Instant now) {
        Map<String, String> entries = new HashMap<>(current());
        String url = callback.url();
        String previous = entries.get(url);
        Pending updated = previous == null
                ? new Pending(url, callback.displayName(), now, now, 1)
                : withAttempt(Pending.decode(url, previous), now);
        entries.put(url, updated.encode());
        while (entries.size() > MAX_PER_CLIENT) {
            entries.remove(leastRecentlySeen(entries));
        }
        store.put(key, LIFESPAN_SECONDS, entries);
        return previous == null;
    }

    public List<Pending> list() {
        List<Pending> pending = new ArrayList<>();
        current().forEach((callback, value) -> pending.add(Pending.decode(callback, value)));
        pending.sort(Comparator.comparing(Pending::lastSeen).reversed());
        return pending;
    }

    /** Removes one callback; true if it was pending. */
    public boolean remove(String callback) {
        return !removeAll(Set.of(callback)).isEmpty();
    }

    /** Removes callbacks in one write (the store takes one write per key and transaction); those that were pending. */
    public Set<String> removeAll(Collection<String> callbacks) {
        Map<String, String> entries = new HashMap<>(current());
        Set<String> removed = new HashSet<>();
        for (String callback : callbacks) {
            if (entries.remove(callback) != null) {
                removed.add(callback);
            }
        }
        if (removed.isEmpty()) {
            return removed;
        }
        if (entries.isEmpty()) {
            store.remove(key);
        } else {
            store.put(key, LIFESPAN_SECONDS, entries);
        }
        return removed;
    }

    private Map<String, String> current() {
        Map<String, String> entries = store.get(key);
        return entries == null ? Map.of() : entries;
    }

    private static Pending withAttempt(Pending pending, Instant now) {
        return new Pending(pending.callback(), pending.gptId(), pending.firstSeen(), now, pending.attempts() + 1);
    }

    private static String leastRecentlySeen(Map<String, String> entries) {
        return entries.entrySet().stream()
                .min(Comparator.comparing(entry -> Pending.decode(entry.getKey(), entry.getValue()).lastSeen()))
                .orElseThrow().getKey();
    }
}
