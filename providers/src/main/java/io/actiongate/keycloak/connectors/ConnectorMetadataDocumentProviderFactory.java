package io.actiongate.keycloak.connectors;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oauth2.cimd.provider.AbstractPersistentClientIdMetadataDocumentProviderFactory;
import org.keycloak.protocol.oauth2.cimd.provider.ClientIdMetadataDocumentProvider;

/** Keycloak's persistent store of client ID metadata documents, making connector clients: see {@link ConnectorMetadataDocumentProvider}. */
public class ConnectorMetadataDocumentProviderFactory extends AbstractPersistentClientIdMetadataDocumentProviderFactory {

    public static final String PROVIDER_ID = "actiongate-connector";

    @Override
    public ClientIdMetadataDocumentProvider<MetadataDocumentExecutor.Config> create(KeycloakSession session) {
        return new ConnectorMetadataDocumentProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
