package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.RefusalLog;
import io.actiongate.keycloak.StatelessProviderFactory;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Registers the ChatGPT callback allow-list as a client policy executor. */
public class CallbackAllowListExecutorFactory implements ClientPolicyExecutorProviderFactory,
        StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "chatgpt-callback-allow-list";

    private final ParsedAllowLists parsedAllowLists = new ParsedAllowLists();
    private final RefusalLog refusals = new RefusalLog(java.time.Instant.now());

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new CallbackAllowListExecutor(session, parsedAllowLists, refusals);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Accepts only the ChatGPT callbacks approved for the client (client attribute actiongate.callbacks): "
                + "a rejected callback gets an error page, never a redirect, and a well-formed but unknown one is "
                + "recorded as pending for an admin to approve.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
