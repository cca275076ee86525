package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.ChatGptCallback;
import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.RefusalLog;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.protocol.oidc.par.endpoints.ParEndpoint;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Lets a GPT client's authorization requests through only for the ChatGPT callbacks approved for it (client
 * attribute {@value GptClientAttributes#CALLBACKS}). The callback checked is the one Keycloak will use:
 * <ul>
 *   <li>before the login page (PRE_AUTHORIZATION_REQUEST), on the raw query, so a rejected callback gets Keycloak's
 *       error page and never a redirect; request objects ({@code request}, {@code request_uri} other than a pushed
 *       request's), which ChatGPT never sends and which Keycloak merges only later, are refused there;</li>
 *   <li>at the PAR endpoint (PUSHED_AUTHORIZATION_REQUEST), on the merged request: refused with 400, nothing stored;</li>
 *   <li>after Keycloak merged request objects and pushed requests (AUTHORIZATION_REQUEST), again;</li>
 *   <li>at the token endpoint, on its {@code redirect_uri}.</li>
 * </ul>
 * The entries are validated whenever a client is created or updated (admin REST, console, dynamic registration).
 */
public class CallbackAllowListExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(CallbackAllowListExecutor.class);

    /** Message key of the error page (themes/actiongate/login/messages). */
    public static final String NOT_APPROVED_MESSAGE = "actiongateCallbackNotApproved";
    /** Error detail for a request object: ChatGPT never sends one, and it could name another callback. */
    static final String REQUEST_OBJECT_MESSAGE = "Request objects (request, request_uri) are not accepted for ChatGPT clients";

    /** Error detail for a pushed request's URI that PAR never issued, or that expired or was used. */
    static final String UNKNOWN_REQUEST_URI_MESSAGE = "request_uri is unknown, expired or already used: push the request again";
    /** Where Keycloak's PAR endpoint keeps a pushed request: this prefix and the request URI's last part. */
    private static final String PAR_STORE_PREFIX = "par:";

    private final KeycloakSession session;
    private final ParsedAllowLists parsedAllowLists;
    private final RefusalLog refusals;

    CallbackAllowListExecutor(KeycloakSession session, ParsedAllowLists parsedAllowLists, RefusalLog refusals) {
        this.session = session;
        this.parsedAllowLists = parsedAllowLists;
        this.refusals = refusals;
    }

    @Override
    public String getProviderId() {
        return CallbackAllowListExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case PRE_AUTHORIZATION_REQUEST -> checkAuthorizationRequest((PreAuthorizationRequestContext) context);
            case PUSHED_AUTHORIZATION_REQUEST -> checkPushedRequest((PushedAuthorizationRequestContext) context);
            case AUTHORIZATION_REQUEST -> checkMergedRequest((AuthorizationRequestContext) context);
            case TOKEN_REQUEST -> checkTokenRequest((TokenRequestContext) context);
            // Admin console / admin REST and dynamic client registration, creation and updates alike.
            case REGISTER, UPDATE -> validateEntries(((ClientCRUDContext) context).getProposedClientRepresentation());
            default -> {
            }
        }
    }

    private void checkAuthorizationRequest(PreAuthorizationRequestContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = realm.getClientByClientId(context.getClientId());
        if (client == null) {
            return; // Keycloak answers "client not found" itself.
        }
        MultivaluedMap<String, String> parameters = context.getRequestParameters();
        String requestUri = parameters.getFirst(OIDCLoginProtocol.REQUEST_URI_PARAM);
        if (parameters.containsKey(OIDCLoginProtocol.REQUEST_PARAM)
                || (requestUri != null && !requestUri.startsWith(ParEndpoint.REQUEST_URI_PREFIX))) {
            // A request object could name another callback than the query, and Keycloak reads it only later.
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, REQUEST_OBJECT_MESSAGE, Response.Status.BAD_REQUEST);
        }
        if (requestUri != null) {
            // A pushed request's callback was checked when it was pushed, and again at AUTHORIZATION_REQUEST. One PAR
            // never issued is refused here, before Keycloak logs its failed lookup at length for anyone who asks.
            if (!session.singleUseObjects().contains(PAR_STORE_PREFIX + requestUri.substring(ParEndpoint.REQUEST_URI_PREFIX.length()))) {
                throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, UNKNOWN_REQUEST_URI_MESSAGE,
                        Response.Status.BAD_REQUEST);
            }
            return;
        }
        String redirectUri = parameters.getFirst(OIDCLoginProtocol.REDIRECT_URI_PARAM);
        if (allowList(client).allows(redirectUri)) {
            return;
        }
        Optional<ChatGptCallback> wellFormed = ChatGptCallback.parse(ChatGptCallback.canonical(redirectUri));
        wellFormed.ifPresent(callback -> recordPending(realm, client, callback));
        RefusalLog.Decision decision = refusals.refused(realm.getId() + '/' + client.getId(), String.valueOf(redirectUri), Instant.now());
        if (decision.unloggedInLastWindow() > 0) {
            LOG.warnf("ActionGate: %d more refused authorization requests in the last minute were not logged one by one",
                    decision.unloggedInLastWindow());
        }
        if (decision.logThis()) {
            LOG.warnf("ActionGate: rejected authorization request of client '%s' (realm '%s') with callback %s: %s",
                    client.getClientId(), realm.getName(), forLog(redirectUri),
                    wellFormed.isPresent() ? "not approved for this client, recorded as pending" : "not a ChatGPT callback");
        }
        throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, NOT_APPROVED_MESSAGE, Response.Status.BAD_REQUEST);
    }

    /** A pushed request (RFC 9126) is refused at the PAR endpoint when its callback is not approved. */
    private void checkPushedRequest(PushedAuthorizationRequestContext context) throws ClientPolicyException {
        String redirectUri = context.getRequest().getRedirectUri();
        if (!allowList(context.getClient()).allows(redirectUri)) {
            LOG.debugf("ActionGate: refused pushed authorization request of client '%s' with callback %s",
                    context.getClient().getClientId(), forLog(redirectUri));
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST,
                    "redirect_uri is not an approved callback of this client", Response.Status.BAD_REQUEST);
        }
    }

    /** The callback Keycloak will use, request objects and pushed requests merged; only reachable through PAR. */
    private void checkMergedRequest(AuthorizationRequestContext context) throws ClientPolicyException {
        ClientModel client = context.getClient();
        String redirectUri = context.getAuthorizationEndpointRequest().getRedirectUri();
        if (client != null && !allowList(client).allows(redirectUri)) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, NOT_APPROVED_MESSAGE, Response.Status.BAD_REQUEST);
        }
    }

    /**
     * In transactions of their own (the rejection rolls the request's transaction back); the bookkeeping never
     * changes the answer, which stays a 400.
     */
    private void recordPending(RealmModel realm, ClientModel client, ChatGptCallback callback) {
        try {
            PendingCallbacks.Recorded recorded = PendingCallbacks.record(session.getKeycloakSessionFactory(),
                    realm.getId(), client.getId(), callback, Instant.now());
            if (recorded != PendingCallbacks.Recorded.NOT_RECORDED) {
                CallbackEvents.publish(session, new CallbackEvents.CallbackRefused(session, realm, client));
            }
        } catch (RuntimeException e) {
            LOG.debugf("ActionGate: a refused callback of client '%s' was not recorded as waiting: %s", client.getClientId(), e);
        }
    }

    private void checkTokenRequest(TokenRequestContext context) throws ClientPolicyException {
        ClientModel client = context.getClient();
        String redirectUri = context.getParams().getFirst(OIDCLoginProtocol.REDIRECT_URI_PARAM);
        if (client == null || allowList(client).allows(redirectUri)) {
            return;
        }
        LOG.warnf("ActionGate: rejected token request of client '%s' with callback %s: not approved for this client",
                client.getClientId(), forLog(redirectUri));
        throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                "redirect_uri is not an approved callback of this client", Response.Status.BAD_REQUEST);
    }

    private static void validateEntries(ClientRepresentation proposed) throws ClientPolicyException {
        Map<String, String> attributes = proposed == null ? null : proposed.getAttributes();
        if (attributes == null || !attributes.containsKey(GptClientAttributes.CALLBACKS)) {
            return;
        }
        try {
            CallbackAllowList.parse(attributes.get(GptClientAttributes.CALLBACKS));
        } catch (CallbackAllowList.InvalidEntriesException e) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT_METADATA,
                    "Invalid approved callbacks: " + e.getMessage(), Response.Status.BAD_REQUEST);
        }
    }

    private CallbackAllowList allowList(ClientModel client) {
        return parsedAllowLists.get(client.getAttribute(GptClientAttributes.CALLBACKS), client.getClientId());
    }

    /** A request's URI as it may appear in a log line: bounded, without line breaks or control characters. */
    static String forLog(String uri) {
        if (uri == null) {
            return "(none)";
        }
        String bounded = uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
        return "'" + bounded.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
