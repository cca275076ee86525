package io.actiongate.keycloak.audit;

import io.actiongate.keycloak.StatelessProviderFactory;
import io.actiongate.keycloak.callbacks.CallbackEvents;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventStoreProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Keycloak's event store with the GPT id added to GPT clients' events. Selected in keycloak.conf
 * ({@code spi-events-store--provider-default=actiongate-audit}, so Keycloak's jpa store stays deployed); it stores through Keycloak's own store ({@code jpa},
 * option {@code spi-events-store--actiongate-audit--delegate}), so the console, the admin REST API and expiry
 * work as before. It is a store and not an event listener because Keycloak stores an event before any
 * listener sees it: only the store can add a detail to what is saved.
 */
public class GptAuditEventStoreFactory implements EventStoreProviderFactory, StatelessProviderFactory<EventStoreProvider> {

    public static final String PROVIDER_ID = "actiongate-audit";
    static final String DELEGATE_OPTION = "delegate";
    static final String DEFAULT_DELEGATE = "jpa";

    private String delegate = DEFAULT_DELEGATE;

    @Override
    public void init(Config.Scope config) {
        delegate = config.get(DELEGATE_OPTION, DEFAULT_DELEGATE);
        if (PROVIDER_ID.equals(delegate)) {
            throw new IllegalArgumentException("ActionGate audit: the event store cannot save through itself ("
                    + DELEGATE_OPTION + "=" + PROVIDER_ID + ")");
        }
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
        EventStoreProvider store = session.getProvider(EventStoreProvider.class, delegate);
        if (store == null) {
            throw new IllegalStateException("ActionGate audit: no event store provider '" + delegate + "'");
        }
        return new GptAuditEventStore(session, store);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(DELEGATE_OPTION).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The event store that saves the events (Keycloak's own).").defaultValue(DEFAULT_DELEGATE).add()
                .build();
    }
}
