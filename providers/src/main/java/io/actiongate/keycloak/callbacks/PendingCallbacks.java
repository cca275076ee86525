package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.ChatGptCallback;
import io.actiongate.keycloak.GptClientAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Well-formed ChatGPT callbacks a client rejected because nobody approved them yet, usually because the
 * builder edited the GPT's action and ChatGPT gave it a new callback. Kept in Keycloak's single-use object
 * store (shared by every node of a cluster, no database write), per client, at most {@value #MAX_PER_CLIENT}.
 *
 * <p>Strangers cannot flush it: nothing that waits is ever pushed out by a newcomer. A full list drops the new
 * callback instead and counts it for the console, so an admin sees that a flood happened, dismisses what they do
 * not recognise, and the real GPT's next sign-in lists it again. An entry leaves when an admin approves or dismisses
 * it, or {@value #LIFESPAN_SECONDS} seconds after it was last seen. (A share per source address would not hold:
 * behind a proxy without forwarded headers every request has the proxy's address.)
 *
 * <p>Every change is atomic per client: it runs under the client's lock (a {@code putIfAbsent} in the same store,
 * so it holds across the cluster) in a transaction of its own, committed before the lock is released; the store
 * applies writes at commit. And a callback the client's approved callbacks allow is never listed as waiting, so an
 * approval that raced a refusal of the same callback cannot bring it back.
 */
public final class PendingCallbacks {

    private static final Logger LOG = Logger.getLogger(PendingCallbacks.class);

    public static final int MAX_PER_CLIENT = 20;
    /** A pending callback nobody retries is forgotten after a week. */
    static final long LIFESPAN_SECONDS = 7 * 24 * 3600;
    /** A lock outlives a crashed holder by this much at most. */
    private static final long LOCK_SECONDS = 5;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(2);
    private static final String DROPPED_SUFFIX = ".dropped";
    private static final String DROPPED_COUNT = "count";

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

    /** What recording a refusal did. */
    public enum Recorded { NEW, REPEATED, DROPPED, NOT_RECORDED }

    private final SingleUseObjectProvider store;
    private final ClientModel client;
    private final String key;

    public PendingCallbacks(KeycloakSession session, RealmModel realm, ClientModel client) {
        this.store = session.singleUseObjects();
        this.client = client;
        this.key = key(realm.getId(), client.getId());
    }

    /**
     * Records one rejected attempt, unless the client's approved callbacks allow it by now (an approval committed
     * since the request was checked). Skipped, not waited for, when the client's lock is busy for long.
     */
    public static Recorded record(KeycloakSessionFactory factory, String realmId, String clientUuid,
                                  ChatGptCallback callback, Instant now) {
        return locked(factory, realmId, clientUuid, false, pending -> pending.recordUnlocked(callback, now))
                .orElse(Recorded.NOT_RECORDED);
    }

    /** How many new callbacks were dropped because the list was full, since an admin last settled some. */
    public long dropped() {
        Map<String, String> counter = store.get(key + DROPPED_SUFFIX);
        return counter == null ? 0 : Long.parseLong(counter.getOrDefault(DROPPED_COUNT, "0"));
    }

    /** Removes callbacks (approved or dismissed); those that were waiting. */
    public static Set<String> remove(KeycloakSession session, RealmModel realm, ClientModel client,
                                     Collection<String> callbacks) {
        return locked(session.getKeycloakSessionFactory(), realm.getId(), client.getId(), true,
                pending -> pending.removeUnlocked(callbacks)).orElse(Set.of());
    }

    /** What waits, most recently seen first. */
    public List<Pending> list() {
        CallbackAllowList approved = approved();
        Instant expired = Instant.now().minusSeconds(LIFESPAN_SECONDS);
        List<Pending> pending = new ArrayList<>();
        current().forEach((callback, value) -> {
            Pending entry = Pending.decode(callback, value);
            if (!approved.allows(callback) && !entry.lastSeen().isBefore(expired)) {
                pending.add(entry);
            }
        });
        pending.sort(Comparator.comparing(Pending::lastSeen).reversed());
        return pending;
    }

    private Recorded recordUnlocked(ChatGptCallback callback, Instant now) {
        CallbackAllowList approved = approved();
        String url = callback.url();
        if (approved.allows(url)) {
            return Recorded.NOT_RECORDED;
        }
        Map<String, String> entries = new HashMap<>(current());
        entries.keySet().removeIf(approved::allows); // approved in a race with a refusal: waits no longer
        Instant expired = now.minusSeconds(LIFESPAN_SECONDS);
        entries.entrySet().removeIf(entry -> Pending.decode(entry.getKey(), entry.getValue()).lastSeen().isBefore(expired));
        String previous = entries.get(url);
        if (previous == null && entries.size() >= MAX_PER_CLIENT) {
            countDropped();
            return Recorded.DROPPED;
        }
        Pending updated = previous == null
                ? new Pending(url, callback.displayName(), now, now, 1)
                : withAttempt(Pending.decode(url, previous), now);
        entries.put(url, updated.encode());
        store.put(key, LIFESPAN_SECONDS, entries);
        return previous == null ? Recorded.NEW : Recorded.REPEATED;
    }

    private void countDropped() {
        String counterKey = key + DROPPED_SUFFIX;
        long dropped = dropped() + 1;
        store.put(counterKey, LIFESPAN_SECONDS, Map.of(DROPPED_COUNT, Long.toString(dropped)));
    }

    private Set<String> removeUnlocked(Collection<String> callbacks) {
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
        store.remove(key + DROPPED_SUFFIX); // the admin settled the list: what was dropped before is no longer news
        if (entries.isEmpty()) {
            store.remove(key);
        } else {
            store.put(key, LIFESPAN_SECONDS, entries);
        }
        return removed;
    }

    /**
     * Runs {@code change} under the client's lock, in a transaction of its own. When the lock stays busy, an
     * admin's change runs anyway ({@code evenUnlocked}); a refusal's is dropped (the next attempt records it).
     */
    private static <T> Optional<T> locked(KeycloakSessionFactory factory, String realmId, String clientUuid,
                                          boolean evenUnlocked, Function<PendingCallbacks, T> change) {
        String lock = "actiongate.pending-callbacks-lock." + realmId + "." + clientUuid;
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, lockSession -> {
            SingleUseObjectProvider locks = lockSession.singleUseObjects();
            boolean held = acquire(locks, lock);
            if (!held && !evenUnlocked) {
                LOG.debugf("ActionGate: waiting callbacks of client %s busy, a refusal was not recorded", clientUuid);
                return Optional.empty();
            }
            if (!held) {
                LOG.warnf("ActionGate: waiting callbacks of client %s stayed locked; changing them without the lock", clientUuid);
            }
            try {
                return Optional.ofNullable(KeycloakModelUtils.runJobInTransactionWithResult(factory, own -> {
                    RealmModel realm = own.realms().getRealm(realmId);
                    ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
                    if (client == null) {
                        return null;
                    }
                    own.getContext().setRealm(realm);
                    return change.apply(new PendingCallbacks(own, realm, client));
                }));
            } finally {
                if (held) {
                    locks.remove(lock);
                }
            }
        });
    }

    private static boolean acquire(SingleUseObjectProvider locks, String lock) {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (!locks.putIfAbsent(lock, LOCK_SECONDS)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private CallbackAllowList approved() {
        return CallbackAllowList.parseStoredOrEmpty(client.getAttribute(GptClientAttributes.CALLBACKS));
    }

    private Map<String, String> current() {
        Map<String, String> entries = store.get(key);
        return entries == null ? Map.of() : entries;
    }

    private static String key(String realmId, String clientUuid) {
        return "actiongate.pending-callbacks." + realmId + "." + clientUuid;
    }

    private static Pending withAttempt(Pending pending, Instant now) {
        return new Pending(pending.callback(), pending.gptId(), pending.firstSeen(), now, pending.attempts() + 1);
    }
}
