package io.actiongate.keycloak.connectors;

import io.actiongate.keycloak.RefusalLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oauth2.cimd.clientpolicy.executor.AbstractClientIdMetadataDocumentExecutorFactory;
import org.keycloak.protocol.oauth2.cimd.clientpolicy.executor.ClientIdMetadataDocumentExecutorFactoryProviderConfig;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * The client policy executor for ChatGPT's client ID metadata documents: see {@link MetadataDocumentExecutor}.
 * Needs Keycloak's {@code cimd} feature (keycloak.conf), like the executor it is built on.
 *
 * <p>Server settings ({@code --spi-client-policy-executor--chatgpt-client-metadata-document--<name>}):
 * {@value #METADATA_HOSTS} (from {@code MCP_CLIENT_METADATA_HOSTS}, default {@value MetadataHosts#DEFAULT}),
 * {@value #FETCH_TIMEOUT_SECONDS} (5), and Keycloak's own {@code min-cache-time} (300 s, the floor for a document's
 * {@code Cache-Control}), {@code max-cache-time} (259200 s, the ceiling) and {@code upper-limit-metadata-bytes}
 * (5000). Executor setting in the realm: {@value #CONNECTOR_SCOPES}.
 */
public class MetadataDocumentExecutorFactory extends AbstractClientIdMetadataDocumentExecutorFactory {

    private static final Logger LOG = Logger.getLogger(MetadataDocumentExecutorFactory.class);

    public static final String PROVIDER_ID = "chatgpt-client-metadata-document";
    static final String METADATA_HOSTS = "metadata-hosts";
    static final String FETCH_TIMEOUT_SECONDS = "fetch-timeout-seconds";
    static final String CONNECTOR_SCOPES = "connector-scopes";

    private MetadataHosts hosts;
    private MetadataFetches fetches;
    private RegistrationModes modes;
    private final RefusalLog refusals = new RefusalLog(Instant.now());

    @Override
    public void init(Config.Scope config) {
        // Keycloak's settings (cache floor and ceiling, body limit), with ActionGate's connector clients as the store.
        providerConfig = new ClientIdMetadataDocumentExecutorFactoryProviderConfig(config) {
            @Override
            public String getCimdProviderName() {
                return ConnectorMetadataDocumentProviderFactory.PROVIDER_ID;
            }
        };
        hosts = MetadataHosts.parse(config.get(METADATA_HOSTS, MetadataHosts.DEFAULT));
        fetches = new MetadataFetches(Duration.ofSeconds(config.getInt(FETCH_TIMEOUT_SECONDS, 5)),
                providerConfig.getUpperLimitMetadataBytes());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        modes = ConnectorRegistrationPolicyFactory.modes(factory);
        if (modes.allows(RegistrationModes.Mode.CIMD)) {
            LOG.infof("ActionGate: ChatGPT's connectors may identify themselves by client ID metadata documents on %s "
                    + "(MCP_CLIENT_METADATA_HOSTS)", hosts);
        }
    }

    @Override
    public ClientPolicyExecutorProvider<MetadataDocumentExecutor.Config> create(KeycloakSession session) {
        return new MetadataDocumentExecutor(session, providerConfig, hosts, modes, refusals, fetches);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Makes ChatGPT's connectors clients from their client ID metadata documents, fetched only from the hosts "
                + "in MCP_CLIENT_METADATA_HOSTS; redirect URIs only ChatGPT's connector callbacks, the code and refresh "
                + "grants, none or private_key_jwt.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        properties.add(new ProviderConfigProperty(CONNECTOR_SCOPES, "Connector scopes",
                "The client scopes a connector may ask for (its optional scopes); offline_access is always allowed.",
                ProviderConfigProperty.MULTIVALUED_STRING_TYPE, null));
        return properties;
    }
}
