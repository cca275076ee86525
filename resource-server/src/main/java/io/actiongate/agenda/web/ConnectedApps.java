package io.actiongate.agenda.web;

import io.actiongate.agenda.web.KeycloakAccountClient.Application;
import io.actiongate.agenda.web.KeycloakAccountClient.Device;
import io.actiongate.agenda.web.KeycloakAccountClient.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The GPTs and connectors that hold the user's consent, as Keycloak's account API tells it (not the page's own
 * client, which needs none), with when each was last used; and taking one's access back.
 */
@ApplicationScoped
public class ConnectedApps {

    /**
     * One app with access: when it was granted, when its tokens were last used (null: no session left), and when
     * ActionGate cut its connection for a reused refresh token (null: not since it was last used).
     */
    public record ConnectedApp(String clientId, String name, List<String> scopes, Instant granted, Instant lastUsed,
                               Instant cut) {
    }

    private static final Logger LOG = Logger.getLogger(ConnectedApps.class);

    @Inject
    @RestClient
    KeycloakAccountClient account;

    @Inject
    @RestClient
    CutConnectionsClient cutConnections;

    @ConfigProperty(name = "agenda.auth.realm")
    String realm;

    @ConfigProperty(name = "quarkus.oidc.web.client-id")
    String pageClientId;

    public List<ConnectedApp> of(String accessToken) {
        String bearer = "Bearer " + accessToken;
        Map<String, Instant> lastUsed = lastUse(account.devices(realm, bearer));
        Map<String, Instant> cut = cuts(bearer);
        return account.applications(realm, bearer).stream()
                .filter(app -> app.consent() != null && !pageClientId.equals(app.clientId()))
                .map(app -> new ConnectedApp(app.clientId(), name(app), scopes(app), Instant.ofEpochMilli(app.consent().createdDate()),
                        lastUsed.get(app.clientId()), cutSinceLastUse(cut.get(app.clientId()), lastUsed.get(app.clientId()))))
                .sorted(Comparator.comparing(ConnectedApp::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Keycloak revokes the consent and the app's offline tokens: its next refresh gets {@code invalid_grant}. */
    public void disconnect(String accessToken, String clientId) {
        account.revokeConsent(realm, clientId, "Bearer " + accessToken);
    }

    /**
     * When each app's connection was last cut; none when Keycloak cannot say (an older server without ActionGate's
     * endpoint, a time-out): the list itself matters more than the note.
     */
    private Map<String, Instant> cuts(String bearer) {
        try {
            Map<String, Instant> cuts = new HashMap<>();
            for (CutConnectionsClient.CutConnection cut : cutConnections.cutConnections(realm, bearer)) {
                cuts.merge(cut.clientId(), Instant.ofEpochMilli(cut.cutAt()), (a, b) -> a.isAfter(b) ? a : b);
            }
            return cuts;
        } catch (WebApplicationException | ProcessingException e) {
            LOG.debugf("Cut connections not listed: %s", e.getMessage());
            return Map.of();
        }
    }

    /**
     * A cut is news until the app is used again (the user connected it anew). Keycloak counts a session's last
     * use in whole seconds: a use in the cut's own second is taken as after it (the cut ends every session it
     * concerns, so only a new connection can be used then).
     */
    static Instant cutSinceLastUse(Instant cut, Instant lastUsed) {
        return cut != null && (lastUsed == null || cut.truncatedTo(ChronoUnit.SECONDS).isAfter(lastUsed)) ? cut : null;
    }

    private static String name(Application app) {
        return app.clientName() == null || app.clientName().isBlank() ? app.clientId() : app.clientName();
    }

    /** The scopes' names ({@code agenda:read}, {@code offline_access}): their display texts are theme message keys. */
    private static List<String> scopes(Application app) {
        return app.consent().grantedScopes() == null ? List.of() : app.consent().grantedScopes().stream()
                .map(KeycloakAccountClient.Scope::name).filter(Objects::nonNull).sorted().toList();
    }

    /** The latest access of any session (online or offline) each client takes part in. */
    static Map<String, Instant> lastUse(List<Device> devices) {
        Map<String, Instant> lastUse = new HashMap<>();
        for (Device device : devices) {
            for (Session session : device.sessions() == null ? List.<Session>of() : device.sessions()) {
                Instant accessed = Instant.ofEpochSecond(session.lastAccess());
                for (var client : session.clients() == null ? List.<KeycloakAccountClient.SessionClient>of() : session.clients()) {
                    lastUse.merge(client.clientId(), accessed, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return lastUse;
    }
}
