package io.actiongate.keycloak.discovery;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oauth2.OAuth2WellKnownProviderFactory;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Keycloak's RFC 8414 document ({@code /.well-known/oauth-authorization-server/realms/<realm>}), with the
 * registration endpoint advertised as {@link AdvertisedRegistration} says. Takes over the alias (a lower priority
 * wins).
 */
public class AuthorizationServerDiscoveryFactory extends OAuth2WellKnownProviderFactory {

    public static final String PROVIDER_ID = "actiongate-oauth-authorization-server";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return AdvertisedRegistration.of(session, super.create(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return OAuth2WellKnownProviderFactory.PROVIDER_ID;
    }

    /** Below Keycloak's 100, so this factory serves the alias. */
    @Override
    public int getPriority() {
        return PathInsertedDiscoveryFactory.PRIORITY;
    }
}
