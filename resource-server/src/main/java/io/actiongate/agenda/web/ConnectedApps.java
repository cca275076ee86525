package io.actiongate.agenda.web;

import io.actiongate.agenda.web.KeycloakAccountClient.Application;
import io.actiongate.agenda.web.KeycloakAccountClient.Device;
import io.actiongate.agenda.web.KeycloakAccountClient.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The GPTs and connectors that hold the user's consent, as Keycloak's account API tells it (not the page's own
 * client, which needs none), with when each was last used; and taking one's access back.
 */
@ApplicationScoped
public class ConnectedApps {

    /** One app with access: when it was granted and when its tokens were last used (null: no session left). */
    public record ConnectedApp(String clientId, String name, List<String> scopes, Instant granted, Instant lastUsed) {
    }

    @Inject
    @RestClient
    KeycloakAccountClient account;

    @ConfigProperty(name = "agenda.auth.realm")
    String realm;

    @ConfigProperty(name = "quarkus.oidc.web.client-id")
    String pageClientId;

    public List<ConnectedApp> of(String accessToken) {
        String bearer = "Bearer " + accessToken;
        Map<String, Instant> lastUsed = lastUse(account.devices(realm, bearer));
        return account.applications(realm, bearer).stream()
                .filter(app -> app.consent() != null && !pageClientId.equals(app.clientId()))
                .map(app -> new ConnectedApp(app.clientId(), name(app), scopes(app), Instant.ofEpochMilli(app.consent().createdDate()),
                        lastUsed.get(app.clientId())))
                .sorted(Comparator.comparing(ConnectedApp::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Keycloak revokes the consent and the app's offline tokens: its next refresh gets {@code invalid_grant}. */
    public void disconnect(String accessToken, String clientId) {
        account.revokeConsent(realm, clientId, "Bearer " + accessToken);
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
