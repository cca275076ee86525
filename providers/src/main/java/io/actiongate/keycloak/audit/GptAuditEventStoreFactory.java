package io.actiongate.keycloak.audit;

import io.actiongate.keycloak.StatelessProviderFactory;
import io.actiongate.keycloak.callbacks.CallbackEvents;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventStoreProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Keycloak's event store with the GPT id added to GPT clients' events. Selected in keycloak.conf
 * ({@code spi-events-store--provider-default=actiongate-audit}, so Keycloak's jpa store stays deployed); it is
 * Keycloak's JPA store underneath, so the console, the admin REST API and the expiry of user and admin events work
 * as before. It is a store and not an event listener because Keycloak stores an event before any listener sees it:
 * only the store can add a detail to what is saved.
 */
public class GptAuditEventStoreFactory implements EventStoreProviderFactory, StatelessProviderFactory<EventStoreProvider> {

    public static final String PROVIDER_ID = "actiongate-audit";
    @Override
    public void init(Config.Scope config) {
    }

    /** An admin's decision on waiting callbacks (the allow-list publishes it) becomes an admin event. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof CallbackEvents.CallbacksDecided decided) {
                CallbackDecisions.record(decided.adminEvent(), decided.client(), decided.decision(), decided.callbacks());
            }
        });
    }

    @Override
    public EventStoreProvider create(KeycloakSession session) {
        return new GptAuditEventStore(session, session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

}
