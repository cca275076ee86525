package io.actiongate.keycloak.callbacks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Parsed allow-lists by their stored text, so that a client's entries are parsed once per saved value and
 * never on the request path. Bounded: a flood of distinct values (there is none in practice: values change
 * only when an admin saves) just starts the cache over.
 */
final class ParsedAllowLists {

    private static final Logger LOG = Logger.getLogger(ParsedAllowLists.class);
    private static final int MAX_ENTRIES = 4096;

    private record Key(String text, boolean hostAliases) {
    }

    private final Map<Key, CallbackAllowList> parsed = new ConcurrentHashMap<>();

    CallbackAllowList get(String text, boolean hostAliases) {
        if (text == null || text.isEmpty()) {
            return CallbackAllowList.EMPTY;
        }
        Key key = new Key(text, hostAliases);
        CallbackAllowList list = parsed.get(key);
        if (list != null) {
            return list;
        }
        if (parsed.size() >= MAX_ENTRIES) {
            parsed.clear();
        }
        return parsed.computeIfAbsent(key, k -> {
            try {
                return CallbackAllowList.parse(k.text(), k.hostAliases());
            } catch (CallbackAllowList.InvalidEntriesException e) {
                // Stored by a route that skipped validation (e.g. a realm import): allow nothing, say why once.
                LOG.errorf("ActionGate: a client's approved callbacks are invalid, so none is approved: %s", e.getMessage());
                return CallbackAllowList.EMPTY;
            }
        });
    }
}
