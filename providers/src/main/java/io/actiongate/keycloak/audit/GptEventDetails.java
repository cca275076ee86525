package io.actiongate.keycloak.audit;

import io.actiongate.keycloak.ChatGptCallback;
import io.actiongate.keycloak.callbacks.CallbackAllowListExecutor;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.util.TokenUtil;

/**
 * Which GPT an event belongs to, taken from the ChatGPT callback: the event's {@code redirect_uri} (sign-ins),
 * the callback the client session signed in with (code exchanges and refreshes, whose requests name none), or
 * the refused authorization request itself (a callback that is not approved: Keycloak records that refusal before
 * it looks the client up). Only ids and URLs are added; never a token, code or secret.
 */
public final class GptEventDetails {

    /** The GPT or plugin id from the callback, e.g. {@code g-abc123}. */
    public static final String GPT_ID = "gpt_id";
    /**
     * On an MCP connector's events: the connector id from its callback ({@code https://chatgpt.com/connector/oauth/<id>}),
     * or, with ChatGPT's stable callback, which names none, the connector client's own id.
     */
    public static final String CONNECTOR_ID = "connector_id";
    /** On a refused callback: {@value #WAITING}, i.e. on the client's list waiting for an admin's approval. */
    public static final String CALLBACK_STATUS = "callback_status";
    public static final String WAITING = "waiting_for_approval";

    /**
     * On the refresh that cut a connection: why ({@value #REUSED_REFRESH_TOKEN}: a spent refresh token was used
     * after the grace window, and the token's family was revoked).
     */
    public static final String CONNECTION_CUT = "connection_cut";
    public static final String REUSED_REFRESH_TOKEN = "reused_refresh_token";

    /** Whether the event is the refresh that cut a connection for a reused refresh token. */
    public static boolean cutsConnection(Event event) {
        return event.getDetails() != null && REUSED_REFRESH_TOKEN.equals(event.getDetails().get(CONNECTION_CUT));
    }

    /** Events whose requests carry no callback: the client session they belong to knows it. */
    private static final Set<EventType> TOKEN_EVENTS = Set.of(EventType.CODE_TO_TOKEN, EventType.CODE_TO_TOKEN_ERROR,
            EventType.REFRESH_TOKEN, EventType.REFRESH_TOKEN_ERROR);

    private GptEventDetails() {
    }

    static void add(KeycloakSession session, Event event) {
        Map<String, String> details = event.getDetails() == null ? new HashMap<>() : new HashMap<>(event.getDetails());
        if (details.containsKey(GPT_ID) || details.containsKey(CONNECTOR_ID)) {
            return;
        }
        Optional<ChatGptCallback> callback;
        if (isRefusedCallback(event, details)) {
            callback = describeRefusal(session, event, details);
        } else if (details.containsKey(Details.REDIRECT_URI)) {
            callback = ChatGptCallback.parse(details.get(Details.REDIRECT_URI));
        } else if (TOKEN_EVENTS.contains(event.getType())) {
            callback = signedInWith(session, event, details).flatMap(ChatGptCallback::parse);
        } else {
            callback = Optional.empty();
        }
        callback.flatMap(signedIn -> idOf(signedIn, event.getClientId())).ifPresent(id -> details.put(id.getKey(), id.getValue()));
        event.setDetails(details);
    }

    /** The detail naming the GPT or connector a client session signed in through, for an event built elsewhere. */
    public static Optional<Map.Entry<String, String>> clientOf(AuthenticatedClientSessionModel clientSession, String clientId) {
        return ChatGptCallback.parse(clientSession.getRedirectUri()).flatMap(signedIn -> idOf(signedIn, clientId));
    }

    private static Optional<Map.Entry<String, String>> idOf(ChatGptCallback signedIn, String clientId) {
        if (signedIn.isConnector()) {
            String connectorId = signedIn.id() != null ? signedIn.id() : clientId;
            return Optional.ofNullable(connectorId).map(id -> Map.entry(CONNECTOR_ID, id));
        }
        return Optional.ofNullable(signedIn.id()).map(id -> Map.entry(GPT_ID, id));
    }

    private static boolean isRefusedCallback(Event event, Map<String, String> details) {
        return event.getType() == EventType.LOGIN_ERROR
                && CallbackAllowListExecutor.NOT_APPROVED_MESSAGE.equals(details.get(Details.CLIENT_POLICY_ERROR_DETAIL));
    }

    /** The refusal's client and callback, from the authorization request being refused (this very request). */
    private static Optional<ChatGptCallback> describeRefusal(KeycloakSession session, Event event, Map<String, String> details) {
        HttpRequest request = session.getContext().getHttpRequest();
        if (request == null) {
            return Optional.empty();
        }
        MultivaluedMap<String, String> params = "POST".equals(request.getHttpMethod())
                ? request.getDecodedFormParameters() : request.getUri().getQueryParameters();
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        String clientId = params.getFirst(OAuth2Constants.CLIENT_ID);
        if (realm == null || clientId == null || realm.getClientByClientId(clientId) == null) {
            return Optional.empty();
        }
        event.setClientId(clientId);
        Optional<ChatGptCallback> callback = ChatGptCallback.parse(params.getFirst(OAuth2Constants.REDIRECT_URI));
        callback.ifPresent(refused -> {
            // Only a well-formed ChatGPT callback is recorded as waiting, and only that is worth saving here.
            details.put(Details.REDIRECT_URI, refused.url());
            details.put(CALLBACK_STATUS, WAITING);
        });
        return callback;
    }

    private static Optional<String> signedInWith(KeycloakSession session, Event event, Map<String, String> details) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || event.getSessionId() == null || event.getClientId() == null) {
            return Optional.empty();
        }
        ClientModel client = realm.getClientByClientId(event.getClientId());
        if (client == null) {
            return Optional.empty();
        }
        // An offline refresh says so: look only where its session is (a miss among online sessions may cost a
        // database query on every refresh).
        boolean offline = TokenUtil.TOKEN_TYPE_OFFLINE.equals(details.get(Details.REFRESH_TOKEN_TYPE));
        UserSessionModel userSession = offline ? null : session.sessions().getUserSession(realm, event.getSessionId());
        if (userSession == null) {
            userSession = session.sessions().getOfflineUserSession(realm, event.getSessionId());
        }
        AuthenticatedClientSessionModel clientSession =
                userSession == null ? null : userSession.getAuthenticatedClientSessionByClient(client.getId());
        return Optional.ofNullable(clientSession).map(AuthenticatedClientSessionModel::getRedirectUri);
    }
}
