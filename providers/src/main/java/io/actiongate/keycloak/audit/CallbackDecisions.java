package io.actiongate.keycloak.audit;

import io.actiongate.keycloak.ChatGptCallback;
import io.actiongate.keycloak.callbacks.CallbackEvents;
import jakarta.ws.rs.NotAuthorizedException;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.keycloak.events.Details;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.AdminRoot;

/**
 * An admin's decision on a GPT client's waiting callbacks, as a Keycloak admin event (Events > Admin events, when
 * the realm saves them): who approved or dismissed which callbacks of which GPTs. Details, not a representation,
 * so it is saved whether or not the realm includes representations.
 */
public final class CallbackDecisions {

    private CallbackDecisions() {
    }

    /** Records {@code decision} on {@code callbacks} (nothing when there are none). */
    public static void record(AdminEventBuilder event, ClientModel client, CallbackEvents.Decision decision, Collection<String> callbacks) {
        if (callbacks.isEmpty()) {
            return;
        }
        event.resource(ResourceType.CLIENT).operation(OperationType.UPDATE)
                .resourcePath("clients", client.getId(), "callbacks")
                .detail("client_id", client.getClientId())
                .detail(GptEventDetails.CALLBACK_STATUS, decision.detail())
                .detail(Details.REDIRECT_URI, callbacks.stream().sorted().collect(Collectors.joining(" ")))
                .detail(GptEventDetails.GPT_ID, callbacks.stream().sorted().map(ChatGptCallback::parse)
                        .flatMap(Optional::stream).map(ChatGptCallback::id).filter(Objects::nonNull)
                        .collect(Collectors.joining(" ")))
                .success();
    }

    /**
     * An event builder for the admin making the current request, for hooks Keycloak hands none (the console page's
     * save); empty outside an admin request. Authenticates the request's token again with Keycloak's own admin
     * authentication (the hook runs after it, so it succeeds), leaving the request's realm as it was.
     */
    public static Optional<AdminEventBuilder> forCurrentAdmin(KeycloakSession session, RealmModel realm) {
        if (session.getContext().getBearerToken() == null) {
            return Optional.empty();
        }
        RealmModel requestRealm = session.getContext().getRealm();
        try {
            AdminAuth admin = AdminRoot.authenticateRealmAdminRequest(session);
            return Optional.of(new AdminEventBuilder(realm, admin, session, session.getContext().getConnection()));
        } catch (NotAuthorizedException notAnAdminRequest) {
            return Optional.empty();
        } finally {
            session.getContext().setRealm(requestRealm);
        }
    }
}
