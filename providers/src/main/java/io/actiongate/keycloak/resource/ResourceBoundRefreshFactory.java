package io.actiongate.keycloak.resource;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

public class ResourceBoundRefreshFactory implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "actiongate-resource-bound-refresh";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new ResourceBoundRefresh(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Processors run highest order first: before Keycloak's resource-indicators processor (the default, 0). */
    @Override
    public int order() {
        return 100;
    }
}
