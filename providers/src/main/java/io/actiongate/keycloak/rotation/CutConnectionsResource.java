package io.actiongate.keycloak.rotation;

import io.actiongate.keycloak.audit.GptEventDetails;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.Constants;
import org.keycloak.representations.AccessToken;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code GET /realms/{realm}/actiongate-account/cut-connections}: for the signed-in user alone, the clients whose
 * connection ActionGate cut because a spent refresh token was used again, with when (the latest per client), so the
 * agenda page's <em>Connected apps</em> can say so. Authenticated like Keycloak's account API: a bearer token of
 * this realm with the {@code account} audience (the page's own token); anything else is 401.
 */
public class CutConnectionsResource {

    /** How many of the user's latest refused refreshes are searched. */
    static final int SEARCHED = 200;

    public record CutConnection(String clientId, long cutAt) {
    }

    private final KeycloakSession session;

    CutConnectionsResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("cut-connections")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cutConnections() {
        AuthenticationManager.AuthResult auth;
        try {
            auth = new AppAuthManager.BearerTokenAuthenticator(session)
                    .setAudience(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID).authenticate();
        } catch (NotAuthorizedException e) {
            // Keycloak's authenticator throws for a token it refuses and returns null when there is none: one answer.
            auth = null;
        }
        // As Keycloak's account API lists applications: one of its two roles, not the audience alone.
        AccessToken.Access account = auth == null ? null : auth.token().getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        if (account == null || !(account.isUserInRole(AccountRoles.MANAGE_ACCOUNT) || account.isUserInRole(AccountRoles.VIEW_APPLICATIONS))) {
            auth = null;
        }
        if (auth == null) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of(OAuth2Constants.ERROR, "invalid_token", OAuth2Constants.ERROR_DESCRIPTION,
                            "A bearer token of this realm with the account audience and role manage-account or view-applications is required"))
                    .build();
        }
        RealmModel realm = session.getContext().getRealm();
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (store == null || !realm.isEventsEnabled()) {
            return Response.ok(List.of()).build();
        }
        Map<String, CutConnection> latest = new LinkedHashMap<>();
        store.createQuery().realm(realm.getId()).user(auth.user().getId()).type(EventType.REFRESH_TOKEN_ERROR)
                .orderByDescTime().maxResults(SEARCHED).getResultStream()
                .filter(event -> event.getClientId() != null && GptEventDetails.cutsConnection(event))
                .forEach(event -> latest.putIfAbsent(event.getClientId(), new CutConnection(event.getClientId(), event.getTime())));
        return Response.ok(List.copyOf(latest.values())).build();
    }
}
