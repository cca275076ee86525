package io.actiongate.keycloak.console;

import io.actiongate.keycloak.audit.GptEventDetails;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A GPT client's recent activity as the console page shows it: its last sign-ins, token issues, refreshes and
 * refused callbacks, read from Keycloak's saved events, one line each, most recent first, with the GPT id the
 * audit store added ({@link GptEventDetails}). No user: the page needs only view-realm, a user's events need
 * view-events, and the entry is part of realm exports.
 */
final class GptClientActivity {

    static final int LINES = 15;
    static final String NOT_SAVED = "Events are not saved in this realm (Realm settings > Events > User events settings).";
    static final String NONE = "Nothing yet.";
    static final int NAMED_USERS = 10;
    static final String CUT_LINE = "connection cut: a refresh token it had replaced was used again after the grace "
            + "window, so that user's refresh tokens for this client were revoked (Events names the user)";
    /** How many of the latest refused refreshes are searched for cut connections. */
    static final int CUTS_SEARCHED = 200;

    private static final EventType[] SHOWN = {EventType.LOGIN, EventType.LOGIN_ERROR, EventType.CODE_TO_TOKEN,
            EventType.CODE_TO_TOKEN_ERROR, EventType.REFRESH_TOKEN, EventType.REFRESH_TOKEN_ERROR};
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private GptClientActivity() {
    }

    /** The lines, joined by newlines: one text field keeps their order, which a list field's storage does not. */
    static String of(KeycloakSession session, RealmModel realm, ClientModel client) {
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (!realm.isEventsEnabled() || store == null) {
            return NOT_SAVED;
        }
        List<Event> events = store.createQuery().realm(realm.getId()).client(client.getClientId()).type(SHOWN)
                .orderByDescTime().maxResults(LINES).getResultStream().toList();
        if (events.isEmpty()) {
            return NONE;
        }
        return String.join("\n", events.stream().map(GptClientActivity::line).toList());
    }

    /**
     * A connector's use: its first and last sign-in, code exchange or refresh in the saved events, and the users who
     * hold its refresh tokens (offline sessions), i.e. who granted it access and have not taken it back. At most
     * {@value #NAMED_USERS} are named; Clients > (client) > Sessions lists them all under Keycloak's own permission.
     */
    static String use(KeycloakSession session, RealmModel realm, ClientModel client) {
        StringBuilder use = new StringBuilder();
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (realm.isEventsEnabled() && store != null) {
            Event first = usedEvents(store, realm, client).orderByAscTime().maxResults(1).getResultStream().findFirst().orElse(null);
            Event last = usedEvents(store, realm, client).orderByDescTime().maxResults(1).getResultStream().findFirst().orElse(null);
            use.append(first == null ? "Not used yet." : "First use " + WHEN.format(Instant.ofEpochMilli(first.getTime()))
                    + ", last use " + WHEN.format(Instant.ofEpochMilli(last.getTime())) + " (saved events).");
        } else {
            use.append(NOT_SAVED);
        }
        if (realm.isEventsEnabled() && store != null) {
            List<Event> cuts = store.createQuery().realm(realm.getId()).client(client.getClientId())
                    .type(EventType.REFRESH_TOKEN_ERROR).orderByDescTime().maxResults(CUTS_SEARCHED).getResultStream()
                    .filter(GptEventDetails::cutsConnection).toList();
            if (!cuts.isEmpty()) {
                use.append(" Connections cut for a reused refresh token: ").append(cuts.size())
                        .append(cuts.size() == CUTS_SEARCHED ? " or more" : "").append(", the last ")
                        .append(WHEN.format(Instant.ofEpochMilli(cuts.get(0).getTime()))).append(" (Events names the users).");
            }
        }
        long users = session.sessions().getOfflineSessionsCount(realm, client);
        List<String> named = session.sessions().getOfflineUserSessionsStream(realm, client, 0, NAMED_USERS)
                .map(userSession -> userSession.getUser().getUsername()).distinct().toList();
        use.append(users == 0 ? " No user has granted it access."
                : " Granted by " + users + (users == 1 ? " user" : " users") + " who hold its refresh tokens: "
                + String.join(", ", named) + (users > named.size() ? ", …" : "") + ".");
        return use.toString();
    }

    private static org.keycloak.events.EventQuery usedEvents(EventStoreProvider store, RealmModel realm, ClientModel client) {
        return store.createQuery().realm(realm.getId()).client(client.getClientId())
                .type(EventType.LOGIN, EventType.CODE_TO_TOKEN, EventType.REFRESH_TOKEN);
    }

    /** e.g. {@code 2026-11-22 09:43:05 UTC  refresh  GPT g-abc123}. */
    static String line(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        StringBuilder line = new StringBuilder(WHEN.format(Instant.ofEpochMilli(event.getTime())))
                .append("  ").append(what(event, details));
        String gptId = details.get(GptEventDetails.GPT_ID);
        String connectorId = details.get(GptEventDetails.CONNECTOR_ID);
        if (gptId != null) {
            line.append("  GPT ").append(gptId);
        } else if (connectorId != null) {
            line.append("  connector ").append(connectorId);
        }
        return line.toString();
    }

    private static String what(Event event, Map<String, String> details) {
        String error = " (" + event.getError() + ")";
        return switch (event.getType()) {
            case LOGIN -> "sign-in";
            case LOGIN_ERROR -> GptEventDetails.WAITING.equals(details.get(GptEventDetails.CALLBACK_STATUS))
                    ? "callback refused, waiting for approval" : "sign-in failed" + error;
            case CODE_TO_TOKEN -> "tokens issued";
            case CODE_TO_TOKEN_ERROR -> "token request refused" + error;
            case REFRESH_TOKEN -> "refresh";
            case REFRESH_TOKEN_ERROR -> GptEventDetails.cutsConnection(event)
                    ? CUT_LINE : "refresh refused" + error;
            default -> event.getType().name();
        };
    }
}
