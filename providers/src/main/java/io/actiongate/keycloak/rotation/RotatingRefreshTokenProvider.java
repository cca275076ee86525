package io.actiongate.keycloak.rotation;

import io.actiongate.keycloak.audit.GptEventDetails;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.representations.RefreshToken;

/**
 * Keycloak's refresh grant for the clients that rotate ({@link RefreshRotation#rotates}): every refresh spends the
 * token it used; a spent token still refreshes for the grace window after its first use (parallel and retried
 * refreshes), and after it is a replay: the request gets {@code invalid_grant} and the token's family, the client
 * session it belongs to with every refresh token issued from it, is revoked at once.
 *
 * <p>Everything else is Keycloak's own refresh ({@link DefaultRefreshTokenProvider}): the token is verified and its
 * session found before anything here is decided, so a forged or foreign token never reaches the family.
 */
public class RotatingRefreshTokenProvider extends DefaultRefreshTokenProvider {

    private static final Logger LOG = Logger.getLogger(RotatingRefreshTokenProvider.class);

    private static final String LOCK_PREFIX = "actiongate.refresh-line-lock.";
    private static final long LOCK_SECONDS = 30;
    private static final long LOCK_WAIT_MILLIS = 5_000;
    private static final long LOCK_POLL_MILLIS = 10;

    private final long graceSeconds;

    public RotatingRefreshTokenProvider(KeycloakSession session, long graceSeconds) {
        super(session);
        this.graceSeconds = graceSeconds;
    }

    /** The first refresh token of a sign-in is Keycloak's own: without a line claim it starts a line of its own. */
    @Override
    public boolean supports(InitialRefreshTokenContext context) {
        return false;
    }

    @Override
    public boolean supports(RefreshTokenContext context) {
        return super.supports(context) && RefreshRotation.rotates(context.grantContext().getClient());
    }

    @Override
    protected TokenManager.TokenValidation validateToken(KeycloakSession session, UriInfo uriInfo, ClientConnection connection,
                                                         RealmModel realm, RefreshToken oldToken, HttpHeaders headers,
                                                         String oldTokenString, ClientModel client, TokenManager tokenManager,
                                                         EventBuilder event) throws OAuthErrorException {
        RefreshRotation.Presented presented = RefreshRotation.presented(oldToken);
        // Before the session is read: the line's note is read, judged and written by one request at a time.
        lockLine(session, presented.line());
        TokenManager.TokenValidation validation = super.validateToken(session, uriInfo, connection, realm, oldToken,
                headers, oldTokenString, client, tokenManager, event);
        // Keycloak's own refusals first (its not-before checks run after this method): a token it refuses anyway
        // cuts nothing.
        try {
            TokenVerifier.createWithoutSignature(oldToken).withChecks(TokenManager.NotBeforeCheck.forModel(realm),
                    TokenManager.NotBeforeCheck.forModel(client),
                    TokenManager.NotBeforeCheck.forModel(session, realm, validation.user)).verify();
        } catch (VerificationException e) {
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Stale token");
        }
        AuthenticatedClientSessionModel clientSession = validation.clientSessionCtx.getClientSession();
        long now = Time.currentTime();
        RefreshLine.Judgement judgement = RefreshRotation.judgeWithoutLine(clientSession, oldToken, presented, now, graceSeconds)
                .orElseGet(() -> RefreshRotation.lineOf(clientSession, presented.line())
                        .judge(oldToken.getId(), presented.generation(), now, graceSeconds));
        if (judgement.verdict() == RefreshLine.Verdict.REPLAY) {
            event.user(validation.user);
            event.detail(GptEventDetails.CONNECTION_CUT, GptEventDetails.REUSED_REFRESH_TOKEN);
            GptEventDetails.clientOf(clientSession, client.getClientId()).ifPresent(id -> event.detail(id.getKey(), id.getValue()));
            LOG.warnf("ActionGate: connection cut: client '%s', user %s: a refresh token the client had replaced %d s ago "
                            + "was used again (grace window %d s); the %s session's refresh tokens for this client are revoked",
                    client.getClientId(), validation.user.getId(), judgement.secondsAgo(), graceSeconds,
                    validation.userSession.isOffline() ? "offline" : "online");
            revokeFamily(session, realm, validation.userSession, client);
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, RefreshRotation.REPLAY_DESCRIPTION);
        }
        return validation;
    }

    @Override
    protected void afterRefreshTokenGenerated(RefreshTokenContext context, TokenManager.AccessTokenResponseBuilder builder) {
        super.afterRefreshTokenGenerated(context, builder);
        RefreshToken old = context.oldRefreshToken();
        RefreshRotation.Presented presented = RefreshRotation.presented(old);
        AuthenticatedClientSessionModel clientSession = builder.getClientSessionCtx().getClientSession();
        RefreshLine line = RefreshRotation.lineOf(clientSession, presented.line());
        long now = Time.currentTime();
        line.spend(old.getId(), presented.generation(), now, graceSeconds);
        clientSession.setNote(RefreshRotation.noteOf(presented.line()), line.serialize());
        RefreshRotation.markRotating(clientSession, now);
        RefreshToken next = builder.getRefreshToken();
        if (next != null) {
            RefreshRotation.continueLine(next, presented);
        }
    }

    /**
     * Takes the line's lock (Keycloak's single-use store, shared by a cluster's nodes) until this request's
     * transaction ends. A holder that died frees it after {@value #LOCK_SECONDS} s. Not getting it within
     * {@value #LOCK_WAIT_MILLIS} ms goes on without it: a lost write makes tokens look unused, never spent.
     */
    private static void lockLine(KeycloakSession session, String line) {
        String key = LOCK_PREFIX + line;
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        boolean locked;
        while (!(locked = session.singleUseObjects().putIfAbsent(key, LOCK_SECONDS)) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(LOCK_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!locked) {
            LOG.debugf("ActionGate: refresh line lock not taken within %d ms; judging without it", LOCK_WAIT_MILLIS);
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                unlock();
            }

            @Override
            protected void rollbackImpl() {
                unlock();
            }

            private void unlock() {
                KeycloakModelUtils.runJobInTransaction(factory, own -> own.singleUseObjects().remove(key));
            }
        });
    }

    /**
     * Ends the client session the replayed token belongs to, in a transaction of its own: the request itself ends
     * in an error, and the revocation must stay.
     */
    private static void revokeFamily(KeycloakSession session, RealmModel realm, UserSessionModel userSession, ClientModel client) {
        String realmId = realm.getId();
        String userSessionId = userSession.getId();
        boolean offline = userSession.isOffline();
        String clientUuid = client.getId();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
            RealmModel ownRealm = own.realms().getRealm(realmId);
            own.getContext().setRealm(ownRealm);
            UserSessionModel family = offline ? own.sessions().getOfflineUserSession(ownRealm, userSessionId)
                    : own.sessions().getUserSession(ownRealm, userSessionId);
            if (family == null) {
                return;
            }
            AuthenticatedClientSessionModel clientSession = family.getAuthenticatedClientSessionByClient(clientUuid);
            if (clientSession != null) {
                clientSession.detachFromUserSession();
            }
            if (offline && family.getAuthenticatedClientSessions().isEmpty()) {
                own.sessions().removeOfflineUserSession(ownRealm, family);
            }
        });
    }
}
