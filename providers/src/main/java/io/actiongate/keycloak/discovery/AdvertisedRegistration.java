package io.actiongate.keycloak.discovery;

import io.actiongate.keycloak.connectors.ConnectorRegistrationPolicyFactory;
import io.actiongate.keycloak.connectors.RegistrationModes;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Keycloak's discovery documents as they are, except that they advertise the registration endpoint only when
 * connectors may register themselves there ({@code MCP_REGISTRATION} with {@code dcr}): ChatGPT tries what discovery
 * offers, and an endpoint that refuses every anonymous registration only costs it a failed attempt.
 */
final class AdvertisedRegistration implements WellKnownProvider {

    private final WellKnownProvider keycloaks;
    private final RegistrationModes modes;

    private AdvertisedRegistration(WellKnownProvider keycloaks, RegistrationModes modes) {
        this.keycloaks = keycloaks;
        this.modes = modes;
    }

    static WellKnownProvider of(KeycloakSession session, WellKnownProvider keycloaks) {
        return new AdvertisedRegistration(keycloaks, ConnectorRegistrationPolicyFactory.modes(session.getKeycloakSessionFactory()));
    }

    @Override
    public Object getConfig() {
        Object config = keycloaks.getConfig();
        if (!modes.allows(RegistrationModes.Mode.DCR) && config instanceof OIDCConfigurationRepresentation document) {
            document.setRegistrationEndpoint(null);
            if (document.getMtlsEndpointAliases() != null) {
                document.getMtlsEndpointAliases().setRegistrationEndpoint(null);
            }
        }
        return config;
    }

    @Override
    public void close() {
        keycloaks.close();
    }
}
