package io.actiongate.keycloak.tokenclaims;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/** See {@link ChatGptTokenClaims}. */
public class ChatGptTokenClaimsFactory implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "actiongate-token-claims";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new ChatGptTokenClaims();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Processors run highest order first; this one last (below Keycloak's, 0), so it sees the final token. */
    @Override
    public int order() {
        return -100;
    }
}
