package io.actiongate.keycloak.callbacks;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProviderFactory;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;

/** Registers {@link ChatGptClientCondition}: the clients ChatGPT could sign in through. */
public class ChatGptClientConditionFactory extends AbstractClientPolicyConditionProviderFactory {

    public static final String PROVIDER_ID = "chatgpt-client";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        addCommonConfigProperties(CONFIG);
    }

    @Override
    public ClientPolicyConditionProvider create(KeycloakSession session) {
        return new ChatGptClientCondition(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Satisfied by GPT clients (attribute actiongate.gpt-client=true) and by every client whose redirect URIs "
                + "could reach ChatGPT (a chatgpt.com or chat.openai.com URL, or a wildcard covering one), however it was made.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
