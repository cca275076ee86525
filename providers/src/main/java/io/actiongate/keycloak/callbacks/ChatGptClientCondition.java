package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.GptClientAttributes;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.ClientModelContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;

/**
 * Selects the clients the {@code chatgpt} profile (scope tolerance, callback allow-list) applies to: those marked
 * {@value GptClientAttributes#GPT_CLIENT}, and every client whose registered redirect URIs could reach ChatGPT
 * ({@link ChatGptRedirects}), however it was made. On a create or an update the proposed client counts as well as
 * the stored one, so neither removing the marker nor adding a ChatGPT prefix escapes the validation.
 */
public class ChatGptClientCondition extends AbstractClientPolicyConditionProvider<ClientPolicyConditionConfigurationRepresentation> {

    public ChatGptClientCondition(KeycloakSession session) {
        super(session);
    }

    @Override
    public Class<ClientPolicyConditionConfigurationRepresentation> getConditionConfigurationClass() {
        return ClientPolicyConditionConfigurationRepresentation.class;
    }

    @Override
    public String getProviderId() {
        return ChatGptClientConditionFactory.PROVIDER_ID;
    }

    @Override
    public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
        if (context.getEvent() == ClientPolicyEvent.PRE_AUTHORIZATION_REQUEST) {
            String clientId = ((PreAuthorizationRequestContext) context).getClientId();
            return vote(clientId == null ? null : session.getContext().getRealm().getClientByClientId(clientId));
        }
        if (context instanceof ClientCRUDContext crud) {
            boolean proposed = isChatGptClient(crud.getProposedClientRepresentation());
            boolean stored = crud.getTargetClient() != null && isChatGptClient(crud.getTargetClient());
            return proposed || stored ? ClientPolicyVote.YES : ClientPolicyVote.NO;
        }
        if (context instanceof ClientModelContext model) {
            return vote(model.getClient());
        }
        return ClientPolicyVote.ABSTAIN;
    }

    private static ClientPolicyVote vote(ClientModel client) {
        return client != null && isChatGptClient(client) ? ClientPolicyVote.YES : ClientPolicyVote.NO;
    }

    public static boolean isChatGptClient(ClientModel client) {
        return "true".equals(client.getAttribute(GptClientAttributes.GPT_CLIENT))
                || ChatGptRedirects.couldReachChatGpt(client.getRedirectUris(), client.getRootUrl());
    }

    static boolean isChatGptClient(ClientRepresentation client) {
        if (client == null) {
            return false;
        }
        Map<String, String> attributes = client.getAttributes();
        return (attributes != null && "true".equals(attributes.get(GptClientAttributes.GPT_CLIENT)))
                || ChatGptRedirects.couldReachChatGpt(client.getRedirectUris(), client.getRootUrl());
    }
}
