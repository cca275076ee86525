package io.actiongate.keycloak.resource;

import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.resourceindicators.ResourceIndicatorConstants;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.RefreshToken;

/**
 * Keeps a resource-bound token bound across refreshes (RFC 8707 section 2.2): the access token issued on a refresh
 * has exactly the audience its grant was issued for, and asking for another resource is {@code invalid_target}.
 *
 * <p>Keycloak's {@code resource-indicators} feature binds the code exchange (the resource must be a client's
 * {@code resource_url}; it becomes the audience and is remembered in the refresh token's {@code resource} claim), but
 * in 26.7.3 the context its processor sees on a refresh carries neither the grant type nor the request's
 * {@code resource}, so it does nothing: refreshed tokens came back with the audience the scopes give
 * ({@code agenda-mcp-server}) and any resource was accepted. This processor restores both. It runs before
 * Keycloak's, which then leaves a refresh alone, and also answers {@code invalid_target} where Keycloak's would fail
 * with a 500: a resource requested for a token that has no audience at all (no scope that names the MCP server).
 */
public class ResourceBoundRefresh implements TokenPostProcessor {

    private final KeycloakSession session;

    public ResourceBoundRefresh(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        if (context.requestRefreshToken() != null) {
            keepBinding(context);
        } else if (requestsResource(context) && noAudience(context)) {
            throw new TokenInterceptorException(OAuthErrorException.INVALID_TARGET, ResourceIndicatorConstants.ERROR_INVALID_RESOURCE);
        }
    }

    private static boolean requestsResource(TokenPostProcessorContext context) {
        return context.clientSessionCtx().getAttribute(OAuth2Constants.RESOURCE, String.class) != null
                || (context.code() != null && context.code().getResource() != null);
    }

    private static boolean noAudience(TokenPostProcessorContext context) {
        String[] audience = context.accessToken().getAudience();
        return audience == null || audience.length == 0;
    }

    private void keepBinding(TokenPostProcessorContext context) {
        RefreshToken presented = context.requestRefreshToken();
        // Only a resource-bound grant's refresh token carries the claim.
        if (!(presented.getOtherClaims().get(OAuth2Constants.RESOURCE) instanceof String bound)) {
            return;
        }
        String requested = session.getContext().getHttpRequest().getDecodedFormParameters().getFirst(OAuth2Constants.RESOURCE);
        if (requested != null && !requested.equals(bound)) {
            throw new TokenInterceptorException(OAuthErrorException.INVALID_TARGET, ResourceIndicatorConstants.ERROR_NOT_MATCHING);
        }
        if (context.clientSessionCtx().getAttribute(OAuth2Constants.RESOURCE, String.class) != null) {
            // An online session remembers the authorization request's resource, and Keycloak's processor binds the
            // token to it, looking for the resource server's client id in the audience: leave that audience alone.
            return;
        }
        context.accessToken().audience(bound);
        if (context.refreshToken() != null) {
            context.refreshToken().getOtherClaims().put(OAuth2Constants.RESOURCE, bound);
        }
    }

    @Override
    public void close() {
    }
}
