package io.actiongate.keycloak.connectors;

import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientregistration.policy.AbstractClientRegistrationPolicyFactory;
import org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy;

/**
 * The realm's anonymous client registration policy for ChatGPT's connectors (in place of Keycloak's Trusted Hosts,
 * which refuses ChatGPT with a bare 403): see {@link ConnectorRegistrationPolicy}.
 *
 * <p>Server setting ({@code --spi-client-registration-policy--chatgpt-connector-registration--mcp-registration},
 * set from {@code MCP_REGISTRATION} by the launcher): which registrations are open. Component setting
 * {@value #CONNECTOR_SCOPES}: the client scopes a registered connector may request and gets as optional scopes.
 */
public class ConnectorRegistrationPolicyFactory extends AbstractClientRegistrationPolicyFactory {

    private static final Logger LOG = Logger.getLogger(ConnectorRegistrationPolicyFactory.class);

    public static final String PROVIDER_ID = "chatgpt-connector-registration";
    static final String MCP_REGISTRATION = "mcp-registration";
    static final String CONNECTOR_SCOPES = "connector-scopes";

    private RegistrationModes modes = RegistrationModes.parse(RegistrationModes.DEFAULT);

    @Override
    public void init(Config.Scope config) {
        modes = RegistrationModes.parse(config.get(MCP_REGISTRATION, RegistrationModes.DEFAULT));
        if (modes.allows(RegistrationModes.Mode.DCR)) {
            LOG.info("ActionGate: ChatGPT's connectors may register themselves (MCP_REGISTRATION names dcr)");
        }
    }

    /** The server's registration modes; the defaults when the policy is not deployed. */
    public static RegistrationModes modes(KeycloakSessionFactory factory) {
        ConnectorRegistrationPolicyFactory policy = (ConnectorRegistrationPolicyFactory) factory
                .getProviderFactory(ClientRegistrationPolicy.class, PROVIDER_ID);
        return policy == null ? RegistrationModes.parse(RegistrationModes.DEFAULT) : policy.modes;
    }

    @Override
    public ClientRegistrationPolicy create(KeycloakSession session, ComponentModel model) {
        return new ConnectorRegistrationPolicy(session, model.getConfig().getOrDefault(CONNECTOR_SCOPES, List.of()), modes);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Lets ChatGPT's MCP connectors register without a token, and nothing else: redirect URIs only ChatGPT's "
                + "connector callbacks, public clients with PKCE S256, the code and refresh grants, the connector scopes.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty scopes = new ProviderConfigProperty(CONNECTOR_SCOPES, "Connector scopes",
                "The client scopes a registered connector may ask for (its optional scopes); offline_access is always allowed.",
                ProviderConfigProperty.MULTIVALUED_STRING_TYPE, null);
        return List.of(scopes);
    }
}
