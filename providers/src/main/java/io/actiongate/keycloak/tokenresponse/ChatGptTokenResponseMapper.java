package io.actiongate.keycloak.tokenresponse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessTokenResponse;

/**
 * Gives ChatGPT the token response it documents for the authorization-code and refresh grants:
 * {@code access_token}, {@code token_type} "bearer" (lower case), {@code expires_in}, {@code refresh_token},
 * {@code scope} and, when openid was granted, {@code id_token} (optional). Keycloak's extra fields
 * ({@code refresh_expires_in}, {@code not-before-policy}, {@code session_state}) are left out. Other grants,
 * errors and clients without this mapper are untouched.
 */
public class ChatGptTokenResponseMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenResponseMapper {

    public static final String PROVIDER_ID = "chatgpt-token-response";

    public static final String INCLUDE_ID_TOKEN = "include.id.token";
    public static final boolean INCLUDE_ID_TOKEN_DEFAULT = true;

    private static final List<String> RESHAPED_GRANTS = List.of(OAuth2Constants.AUTHORIZATION_CODE, OAuth2Constants.REFRESH_TOKEN);

    /** The response ChatGPT gets: Keycloak's, minus the fields it does not expect. */
    @JsonIgnoreProperties({"refresh_expires_in", "not-before-policy", "session_state"})
    public static class ChatGptAccessTokenResponse extends AccessTokenResponse {
    }

    @Override
    public AccessTokenResponse transformAccessTokenResponse(AccessTokenResponse response, ProtocolMapperModel mapping,
                                                            KeycloakSession session, UserSessionModel userSession,
                                                            ClientSessionContext clientSessionCtx) {
        String grantType = session.getContext().getHttpRequest().getDecodedFormParameters().getFirst(OAuth2Constants.GRANT_TYPE);
        if (!RESHAPED_GRANTS.contains(grantType)) {
            return response;
        }
        ChatGptAccessTokenResponse reshaped = new ChatGptAccessTokenResponse();
        reshaped.setToken(response.getToken());
        reshaped.setTokenType(isBearer(response.getTokenType()) ? "bearer" : response.getTokenType());
        reshaped.setExpiresIn(response.getExpiresIn());
        reshaped.setRefreshToken(response.getRefreshToken());
        if (includeIdToken(mapping)) {
            reshaped.setIdToken(response.getIdToken());
        }
        for (Map.Entry<String, Object> claim : response.getOtherClaims().entrySet()) {
            reshaped.setOtherClaims(claim.getKey(), claim.getValue());
        }
        return reshaped;
    }

    private static boolean isBearer(String tokenType) {
        return tokenType == null || "bearer".equalsIgnoreCase(tokenType);
    }

    static boolean includeIdToken(ProtocolMapperModel mapping) {
        String value = mapping.getConfig() == null ? null : mapping.getConfig().get(INCLUDE_ID_TOKEN);
        return value == null ? INCLUDE_ID_TOKEN_DEFAULT : Boolean.parseBoolean(value);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "ChatGPT token response";
    }

    @Override
    public String getHelpText() {
        return "Shapes the token endpoint's answer for the authorization-code and refresh grants the way ChatGPT "
                + "expects it: lower-case 'bearer', a refresh token, and none of Keycloak's extra fields.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(new ProviderConfigProperty(INCLUDE_ID_TOKEN, "Include ID token",
                "Send the id_token when the openid scope was granted (OpenID Connect requires it). Turn off only "
                        + "for hosts that choke on large token responses; ChatGPT does not read it.",
                ProviderConfigProperty.BOOLEAN_TYPE, INCLUDE_ID_TOKEN_DEFAULT));
    }
}
