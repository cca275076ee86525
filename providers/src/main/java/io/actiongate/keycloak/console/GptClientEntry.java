package io.actiongate.keycloak.console;

import io.actiongate.keycloak.ActionGateRealm;
import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.callbacks.CallbackAllowList;
import io.actiongate.keycloak.callbacks.ChatGptClientCondition;
import io.actiongate.keycloak.callbacks.PendingCallbacks;
import io.actiongate.keycloak.rotation.RefreshRotation;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The fields of one entry on the console's "GPT clients" page, their keys defined once. The entry is a copy: the
 * client's attributes and the pending store stay the source of truth, and every change to them rewrites the
 * copy (see {@link GptClientEntries}).
 */
public final class GptClientEntry {

    public static final String CLIENT_ID = "clientId";
    public static final String GPT_NAME = "gptName";
    public static final String APPROVED = "approvedCallbacks";
    /** Read-only, present only when the stored approved callbacks are invalid: why, and that none is approved. */
    public static final String APPROVED_PROBLEM = "approvedCallbacksProblem";
    public static final String WAITING = "waitingCallbacks";
    /** Read-only, present only when some were dropped: how many new callbacks the waiting list did not take. */
    public static final String DROPPED = "droppedCallbacks";
    public static final String APPROVE_WAITING = "approveWaiting";
    /** Whether the client's refresh tokens rotate: always for a public connector, an admin's choice for a GPT. */
    public static final String ROTATE_REFRESH_TOKENS = "rotateRefreshTokens";
    /**
     * Not shown on the page: the waiting callbacks the page was given, which the console sends back on save, so a
     * save settles only callbacks the admin saw.
     */
    public static final String SHOWN_WAITING = "shownWaitingCallbacks";
    public static final String AUTHORIZATION_URL = "authorizationUrl";
    public static final String TOKEN_URL = "tokenUrl";
    public static final String SCOPE = "scope";
    public static final String TOKEN_EXCHANGE_METHOD = "tokenExchangeMethod";
    public static final String SCHEMA_URL = "schemaUrl";
    /** The realm's ActionGate version (read-only), so an admin sees which release's shape the realm has. */
    public static final String REALM_VERSION = "realmVersion";
    public static final String RECENT_ACTIVITY = "recentActivity";
    /** Read-only, on connector clients only: how the client came to be. */
    public static final String CONNECTOR = "connector";
    /** Read-only, on connector clients only: first and last use, and the users who granted it access. */
    public static final String CONNECTOR_USE = "connectorUse";

    /** What the GPT editor's Scope field gets; offline_access is a default scope, so an empty field works too. */
    static final String SCOPE_VALUE = "openid offline_access";
    static final String TOKEN_EXCHANGE_METHOD_VALUE = "Default (POST request)";

    private static final DateTimeFormatter SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private GptClientEntry() {
    }

    /** The entry's fields for {@code client}, as the console shows them. */
    static MultivaluedHashMap<String, String> fieldsOf(KeycloakSession session, RealmModel realm, ClientModel client,
                                                       PublicUrls urls) {
        MultivaluedHashMap<String, String> fields = new MultivaluedHashMap<>();
        fields.putSingle(CLIENT_ID, client.getClientId());
        fields.putSingle(GPT_NAME, client.getName() == null ? "" : client.getName());
        CallbackAllowList.Stored approved = CallbackAllowList.stored(client.getAttribute(GptClientAttributes.CALLBACKS));
        fields.put(APPROVED, new ArrayList<>(approved.entries()));
        approved.problem().ifPresent(problem -> fields.putSingle(APPROVED_PROBLEM, problem));
        PendingCallbacks waiting = new PendingCallbacks(session, realm, client);
        List<PendingCallbacks.Pending> pending = waiting.list();
        fields.put(WAITING, waitingLines(pending));
        long dropped = waiting.dropped();
        if (dropped > 0) {
            fields.putSingle(DROPPED, dropped + (dropped == 1 ? " refused callback was" : " refused callbacks were")
                    + " not listed because the list was full (" + PendingCallbacks.MAX_PER_CLIENT + "). Nothing listed"
                    + " was pushed out: dismiss what you do not recognise, and a real GPT's next sign-in lists it.");
        }
        fields.put(SHOWN_WAITING, pending.stream().map(PendingCallbacks.Pending::callback).toList());
        fields.putSingle(APPROVE_WAITING, "false");
        fields.putSingle(ROTATE_REFRESH_TOKENS, String.valueOf(RefreshRotation.rotates(client)));
        fields.putSingle(AUTHORIZATION_URL, urls.authorizationUrl(realm));
        fields.putSingle(TOKEN_URL, urls.tokenUrl(realm));
        fields.putSingle(SCOPE, SCOPE_VALUE);
        fields.putSingle(TOKEN_EXCHANGE_METHOD, TOKEN_EXCHANGE_METHOD_VALUE);
        fields.putSingle(SCHEMA_URL, urls.schemaUrl());
        String version = realm.getAttribute(ActionGateRealm.VERSION);
        fields.putSingle(REALM_VERSION, version == null ? "1 (the first release's; not migrated yet)" : version);
        fields.putSingle(RECENT_ACTIVITY, GptClientActivity.of(session, realm, client));
        connectorOrigin(client).ifPresent(origin -> {
            fields.putSingle(CONNECTOR, origin);
            fields.putSingle(CONNECTOR_USE, GptClientActivity.use(session, realm, client));
        });
        return fields;
    }

    /**
     * One line per waiting callback, most recent first: the URL, then who and when. The URL comes first so an
     * admin's edit of the list (removing a line) still names the callback.
     */
    static List<String> waitingLines(List<PendingCallbacks.Pending> pending) {
        return pending.stream().map(p -> p.callback() + "  (GPT " + p.gptId() + ", " + p.attempts()
                + (p.attempts() == 1 ? " attempt" : " attempts") + ", first seen " + SEEN.format(p.firstSeen())
                + ", last seen " + SEEN.format(p.lastSeen()) + ")").toList();
    }

    /** What the page says of a connector client's origin (attribute {@link GptClientAttributes#CONNECTOR}). */
    static Optional<String> connectorOrigin(ClientModel client) {
        String connector = client.getAttribute(GptClientAttributes.CONNECTOR);
        if (connector == null) {
            return Optional.empty();
        }
        String cutOff = " Cut it off: Clients > " + client.getClientId() + " > Sessions signs its users out and revokes "
                + "their refresh tokens; switching the client off under Clients, or deleting it, stops it for everyone.";
        return Optional.of(switch (connector) {
            case "dcr" -> "MCP connector that registered itself (dynamic client registration, no token): its name is "
                    + "its own claim; its callbacks are ChatGPT's connector callbacks it registered." + cutOff;
            case "cimd" -> "MCP connector made from its client ID metadata document at " + client.getClientId()
                    + ", fetched from " + client.getAttribute(GptClientAttributes.METADATA_HOST) + " (a host in "
                    + "MCP_CLIENT_METADATA_HOSTS) and checked: its name and callbacks are what that document says; it "
                    + "is fetched again when the document's cache time has passed." + cutOff;
            case "predefined" -> "MCP connector: the realm's predefined connector client (MCP_CLIENT_ID), which a "
                    + "builder pastes into ChatGPT." + cutOff;
            default -> "MCP connector (" + connector + ")." + cutOff;
        });
    }

    /** The callback URL a waiting line names. */
    static String callbackOf(String waitingLine) {
        String trimmed = waitingLine.trim();
        int end = trimmed.indexOf(' ');
        return end < 0 ? trimmed : trimmed.substring(0, end);
    }

    /**
     * Marked a GPT client, or under the allow-list because its redirect URIs could reach ChatGPT however they are
     * spelled: the page lists every client the allow-list covers, so an admin sees the hand-made ones too.
     */
    static boolean isGptClient(ClientModel client) {
        return ChatGptClientCondition.isChatGptClient(client);
    }
}
