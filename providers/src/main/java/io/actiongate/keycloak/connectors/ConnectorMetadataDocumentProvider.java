package io.actiongate.keycloak.connectors;

import io.actiongate.keycloak.GptClientAttributes;
import java.net.URI;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oauth2.cimd.clientpolicy.executor.AbstractClientIdMetadataDocumentExecutor.OIDCClientRepresentationWithCacheControl;
import org.keycloak.protocol.oauth2.cimd.provider.AbstractPersistentClientIdMetadataDocumentProvider;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.oidc.OIDCClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * Keycloak's client for a verified metadata document (created, or updated when the cached copy expired), made a
 * connector like a registered one ({@link ConnectorClients}), public for {@code none} and signed-JWT for
 * {@code private_key_jwt}, and marked with the host it was fetched from, which the consent page names.
 */
class ConnectorMetadataDocumentProvider extends AbstractPersistentClientIdMetadataDocumentProvider<MetadataDocumentExecutor.Config> {

    /** Keycloak's logging of failed creations, repeatable by anyone: quieted with the checks' (keycloak.conf). */
    private static final Logger LOG = Logger.getLogger("io.actiongate.keycloak.connectors.keycloak-cimd-checks");

    ConnectorMetadataDocumentProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    protected Logger getLogger() {
        return LOG;
    }

    @Override
    public MetadataDocumentExecutor.Config getConfiguration() {
        return configuration;
    }

    @Override
    public void setConfiguration(MetadataDocumentExecutor.Config configuration) {
        this.configuration = configuration;
    }

    /** Before the client is stored: marked as a connector already, so the realm's policies see it as one. */
    @Override
    public void augmentClientMetadata(ClientRepresentation client) {
        client.setConsentRequired(true);
        client.setFullScopeAllowed(false);
        client.getAttributes().put(GptClientAttributes.GPT_CLIENT, "true");
        client.getAttributes().put(GptClientAttributes.CONNECTOR, ConnectorClients.CIMD);
        client.getAttributes().put(GptClientAttributes.METADATA_HOST, hostOf(client.getClientId()));
    }

    @Override
    public ClientModel createClientMetadata(OIDCClientRepresentationWithCacheControl document) throws ClientPolicyException {
        return shaped(super.createClientMetadata(document), document.getOidcClientRepresentation());
    }

    @Override
    public ClientModel updateClientMetadata(OIDCClientRepresentationWithCacheControl document) throws ClientPolicyException {
        return shaped(super.updateClientMetadata(document), document.getOidcClientRepresentation());
    }

    private ClientModel shaped(ClientModel client, OIDCClientRepresentation document) {
        ConnectorClients.shape(client, ConnectorClients.CIMD, document.getRedirectUris(), document.getClientName());
        client.setAttribute(GptClientAttributes.METADATA_HOST, hostOf(client.getClientId()));
        ConnectorClients.limitScopes(session.getContext().getRealm(), client, configuration.getConnectorScopes());
        return client;
    }

    /** {@code host}, or {@code host:port} off 443: what the user is shown as the one who vouches for the client. */
    private static String hostOf(String clientIdUrl) {
        URI url = URI.create(clientIdUrl);
        return url.getPort() == -1 || url.getPort() == 443 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }
}
