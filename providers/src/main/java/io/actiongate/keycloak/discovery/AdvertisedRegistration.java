package io.actiongate.keycloak.discovery;

import io.actiongate.keycloak.connectors.ConnectorRegistrationPolicyFactory;
import io.actiongate.keycloak.connectors.RegistrationModes;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Keycloak's discovery documents as they are, except that they advertise the registration endpoint only when
 * connectors may register themselves there ({@code MCP_REGISTRATION} with {@code dcr}), and client ID metadata
 * documents only when they are accepted ({@code cimd}): ChatGPT tries what discovery offers, and a way that refuses
 * it only costs it a failed attempt.
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
        if (!(config instanceof OIDCConfigurationRepresentation document)) {
            return config;
        }
        if (!modes.allows(RegistrationModes.Mode.DCR)) {
            document.setRegistrationEndpoint(null);
            if (document.getMtlsEndpointAliases() != null) {
                document.getMtlsEndpointAliases().setRegistrationEndpoint(null);
            }
        }
        // Keycloak says true whenever its cimd feature is on; ChatGPT then sends its document's URL as client_id.
        document.setClientIdMetadataDocumentSupported(modes.allows(RegistrationModes.Mode.CIMD) ? Boolean.TRUE : null);
        return config;
    }

    @Override
    public void close() {
        keycloaks.close();
    }
}
