package io.actiongate.keycloak.jsontoken;

import io.actiongate.keycloak.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@link JsonTokenEndpoint} under {@code /realms/{realm}/}{@value #PROVIDER_ID}. */
public class JsonTokenEndpointProvider implements RealmResourceProvider, RealmResourceProviderFactory,
        StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "chatgpt";

    private final KeycloakSession session;

    public JsonTokenEndpointProvider() {
        this(null);
    }

    private JsonTokenEndpointProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new JsonTokenEndpointProvider(session);
    }

    @Override
    public Object getResource() {
        return new JsonTokenEndpoint(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
