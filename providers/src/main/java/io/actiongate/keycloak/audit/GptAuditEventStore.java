package io.actiongate.keycloak.audit;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventQuery;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AdminEventQuery;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Adds the GPT details to an event, then lets Keycloak's store do everything else. */
class GptAuditEventStore implements EventStoreProvider {

    private static final Logger LOG = Logger.getLogger(GptAuditEventStore.class);

    private final KeycloakSession session;
    private final EventStoreProvider store;

    GptAuditEventStore(KeycloakSession session, EventStoreProvider store) {
        this.session = session;
        this.store = store;
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
        store.onEvent(event);
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

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        store.onEvent(event, includeRepresentation);
    }

    @Override
    public EventQuery createQuery() {
        return store.createQuery();
    }

    @Override
    public AdminEventQuery createAdminQuery() {
        return store.createAdminQuery();
    }

    @Override
    @SuppressWarnings("removal")
    public void clear() {
        store.clear();
    }

    @Override
    public void clear(RealmModel realm) {
        store.clear(realm);
    }

    @Override
    public void clear(RealmModel realm, long olderThan) {
        store.clear(realm, olderThan);
    }

    @Override
    public void clearExpiredEvents() {
        store.clearExpiredEvents();
    }

    @Override
    @SuppressWarnings("removal")
    public void clearAdmin() {
        store.clearAdmin();
    }

    @Override
    public void clearAdmin(RealmModel realm) {
        store.clearAdmin(realm);
    }

    @Override
    public void clearAdmin(RealmModel realm, long olderThan) {
        store.clearAdmin(realm, olderThan);
    }

    @Override
    public void close() {
        // The delegate is a provider of the session: Keycloak closes it.
    }
}
