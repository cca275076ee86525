package io.actiongate.keycloak.callbacks;

import java.util.List;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * What the allow-list publishes (Keycloak's provider events, delivered in the publishing request's thread and
 * session) for the packages that show or record it, the console page and the audit events, so that the allow-list
 * depends on neither.
 */
public final class CallbackEvents {

    private CallbackEvents() {
    }

    /** A callback was refused and is on the client's waiting list (new, or seen again). */
    public record CallbackRefused(KeycloakSession session, RealmModel realm, ClientModel client) implements ProviderEvent {
    }

    /** The client's approved or waiting callbacks changed in this session's transaction. */
    public record CallbacksChanged(KeycloakSession session, ClientModel client) implements ProviderEvent {
    }

    /** An admin approved or dismissed waiting callbacks; {@code adminEvent} is the request's admin event. */
    public record CallbacksDecided(AdminEventBuilder adminEvent, ClientModel client, Decision decision,
                                   List<String> callbacks) implements ProviderEvent {
    }

    public enum Decision {
        APPROVED("approved"), DISMISSED("dismissed");

        private final String detail;

        Decision(String detail) {
            this.detail = detail;
        }

        /** Its value in the admin event's {@code callback_status} detail. */
        public String detail() {
            return detail;
        }
    }

    static void publish(KeycloakSession session, ProviderEvent event) {
        session.getKeycloakSessionFactory().publish(event);
    }
}
