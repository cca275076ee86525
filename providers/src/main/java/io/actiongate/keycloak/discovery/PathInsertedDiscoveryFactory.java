package io.actiongate.keycloak.discovery;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Keycloak's own OpenID discovery document, also served where MCP clients look for an issuer with a path:
 * {@code /.well-known/openid-configuration/realms/<realm>} (the path-inserted form, RFC 8414 section 3.1 applied to
 * OIDC discovery), beside {@code /realms/<realm>/.well-known/openid-configuration} and Keycloak's
 * {@code /.well-known/oauth-authorization-server/realms/<realm>}. The document is Keycloak's, with the registration
 * endpoint advertised as {@link AdvertisedRegistration} says: this factory takes over the alias (a lower priority
 * wins) and allows the root path.
 */
public class PathInsertedDiscoveryFactory extends OIDCWellKnownProviderFactory {

    public static final String PROVIDER_ID = "actiongate-openid-configuration";
    /** Below Keycloak's 100, so ActionGate's discovery factories serve Keycloak's aliases. */
    static final int PRIORITY = 50;

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
        return OIDCWellKnownProviderFactory.PROVIDER_ID;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailableViaServerMetadata() {
        return true;
    }
}
