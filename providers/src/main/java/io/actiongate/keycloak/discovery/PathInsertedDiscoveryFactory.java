package io.actiongate.keycloak.discovery;

import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;

/**
 * Keycloak's own OpenID discovery document, also served where MCP clients look for an issuer with a path:
 * {@code /.well-known/openid-configuration/realms/<realm>} (the path-inserted form, RFC 8414 section 3.1 applied to
 * OIDC discovery), beside {@code /realms/<realm>/.well-known/openid-configuration} and Keycloak's
 * {@code /.well-known/oauth-authorization-server/realms/<realm>}. The document is Keycloak's, unchanged: this
 * factory only takes over the alias (a lower priority wins) and allows the root path.
 */
public class PathInsertedDiscoveryFactory extends OIDCWellKnownProviderFactory {

    public static final String PROVIDER_ID = "actiongate-openid-configuration";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return OIDCWellKnownProviderFactory.PROVIDER_ID;
    }

    /** Below Keycloak's 100, so this factory serves the alias. */
    @Override
    public int getPriority() {
        return 50;
    }

    @Override
    public boolean isAvailableViaServerMetadata() {
        return true;
    }
}
