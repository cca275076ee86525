package io.actiongate.keycloak.tokenclaims;

import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.callbacks.ChatGptClientCondition;
import io.actiongate.keycloak.preset.GptClientPreset;
import java.util.Arrays;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.AccessToken;

/**
 * The last word on what a token issued to ChatGPT says about whom it is for, after every protocol mapper ran:
 * <ul>
 *   <li>a ChatGPT client's access token never carries the identity broker's roles or audience, whatever its scope
 *       (an admin's client with full scope included): the user's stored Google tokens are the service's, not
 *       ChatGPT's;</li>
 *   <li>a ChatGPT client's access token names the signed-in user ({@code sub}) and the client ({@code azp}) as
 *       Keycloak knows them, and a connector's has no audience of the REST API; a client whose mappers wrote
 *       otherwise gets no token ({@code unauthorized_client}), so a forged mapper cannot reach another user's data
 *       or cross from {@code /mcp} to {@code /items};</li>
 *   <li>the claim {@value #KIND_CLAIM} says what kind of client the token was issued to ({@value #GPT} or
 *       {@value #CONNECTOR}), written here only: whatever a mapper wrote under that name is removed first, for every
 *       client. The agenda API accepts only tokens that carry it.</li>
 * </ul>
 */
public class ChatGptTokenClaims implements TokenPostProcessor {

    private static final Logger LOG = Logger.getLogger(ChatGptTokenClaims.class);

    /** The claim naming the kind of client, defined once here and in the agenda API's configuration. */
    public static final String KIND_CLAIM = "actiongate_client";
    public static final String GPT = "gpt";
    public static final String CONNECTOR = "connector";

    @Override
    public void process(TokenPostProcessorContext context) {
        AccessToken token = context.accessToken();
        if (token == null) {
            return;
        }
        token.getOtherClaims().remove(KIND_CLAIM);
        ClientModel client = context.clientSessionCtx().getClientSession().getClient();
        if (client == null || !ChatGptClientCondition.isChatGptClient(client)) {
            return;
        }
        withoutTheBroker(token);
        String userId = context.clientSessionCtx().getClientSession().getUserSession().getUser().getId();
        boolean connector = client.getAttribute(GptClientAttributes.CONNECTOR) != null;
        String wrong = null;
        if (!userId.equals(token.getSubject())) {
            wrong = "sub";
        } else if (token.getIssuedFor() != null && !client.getClientId().equals(token.getIssuedFor())) {
            wrong = "azp";
        } else if (connector && token.getAudience() != null
                && Arrays.asList(token.getAudience()).contains(GptClientPreset.API_AUDIENCE)) {
            wrong = "aud";
        }
        if (wrong != null) {
            LOG.warnf("ActionGate: no token for client '%s': its protocol mappers write the claim %s, which only "
                    + "Keycloak and ActionGate may write for a ChatGPT client; remove that mapper", client.getClientId(), wrong);
            throw new TokenInterceptorException(OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "This client's configuration writes the claim " + wrong + " itself; an administrator must remove that mapper");
        }
        token.getOtherClaims().put(KIND_CLAIM, connector ? CONNECTOR : GPT);
    }

    private static void withoutTheBroker(AccessToken token) {
        if (token.getResourceAccess() != null) {
            token.getResourceAccess().remove(Constants.BROKER_SERVICE_CLIENT_ID);
        }
        String[] audience = token.getAudience();
        if (audience != null && Arrays.asList(audience).contains(Constants.BROKER_SERVICE_CLIENT_ID)) {
            token.audience(Arrays.stream(audience).filter(aud -> !Constants.BROKER_SERVICE_CLIENT_ID.equals(aud))
                    .toArray(String[]::new));
        }
    }
}
