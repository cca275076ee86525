package io.actiongate.keycloak.audit;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.jpa.JpaEventStoreProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's JPA event store, with the GPT details added to each event before it is saved. A subclass rather than a
 * wrapper, because Keycloak's own clean-up of expired admin events takes the default event store to be its JPA store.
 */
class GptAuditEventStore extends JpaEventStoreProvider {

    private static final Logger LOG = Logger.getLogger(GptAuditEventStore.class);

    private final KeycloakSession session;

    GptAuditEventStore(KeycloakSession session, EntityManager entityManager) {
        super(session, entityManager);
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        // Listeners get the same Event after the store, so they see the details too.
        try {
            GptEventDetails.add(session, event);
        } catch (RuntimeException e) {
            // The details are a help; the sign-in or token request, and its event, must not fail for them.
            LOG.warnf("ActionGate audit: no GPT details for a %s event of client '%s': %s",
                    event.getType(), event.getClientId(), e.toString());
        }
        super.onEvent(event);
        if (event.getClientId() != null) {
            announceAfterCommit(new GptEventSaved(event.getRealmId(), event.getClientId()));
        }
    }

    private void announceAfterCommit(GptEventSaved saved) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getKeycloakSessionFactory().publish(saved);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }
}
