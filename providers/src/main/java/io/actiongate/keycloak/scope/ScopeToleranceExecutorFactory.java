package io.actiongate.keycloak.scope;

import io.actiongate.keycloak.StatelessProviderFactory;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Registers {@link ScopeToleranceExecutor} as a client policy executor. */
public class ScopeToleranceExecutorFactory implements ClientPolicyExecutorProviderFactory,
        StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "chatgpt-scope-tolerance";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new ScopeToleranceExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Turns ChatGPT's scope habits (empty or missing scope, stray spaces, every advertised scope) into "
                + "'openid' plus the requested scopes the client has, so the sign-in proceeds instead of failing.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
