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

    private final Map<String, CallbackAllowList> parsed = new ConcurrentHashMap<>();

    /** The parsed list of {@code text}; {@code clientId} only names the client when the text is invalid. */
    CallbackAllowList get(String text, String clientId) {
        if (text == null || text.isEmpty()) {
            return CallbackAllowList.EMPTY;
        }
        CallbackAllowList list = parsed.get(text);
        if (list != null) {
            return list;
        }
        if (parsed.size() >= MAX_ENTRIES) {
            parsed.clear();
        }
        return parsed.computeIfAbsent(text, k -> {
            try {
                return CallbackAllowList.parse(k);
            } catch (CallbackAllowList.InvalidEntriesException e) {
                // Stored by a route that skipped validation (e.g. a realm import): allow nothing, say why once.
                LOG.errorf("ActionGate: client '%s' refuses every callback until its approved callbacks are fixed: %s",
                        clientId, e.getMessage());
                return CallbackAllowList.EMPTY;
            }
        });
    }
}
