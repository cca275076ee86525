package io.actiongate.keycloak.rotation;

import io.actiongate.keycloak.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@link CutConnectionsResource} under {@code /realms/{realm}/}{@value #PROVIDER_ID}. */
public class CutConnectionsProvider implements RealmResourceProvider, RealmResourceProviderFactory,
        StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "actiongate-account";

    private final KeycloakSession session;

    public CutConnectionsProvider() {
        this(null);
    }

    private CutConnectionsProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new CutConnectionsProvider(session);
    }

    @Override
    public Object getResource() {
        return new CutConnectionsResource(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
