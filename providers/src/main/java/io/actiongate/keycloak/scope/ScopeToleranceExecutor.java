package io.actiongate.keycloak.scope;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.RedirectionException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Tolerates a GPT client's {@code scope} parameter before Keycloak validates it (PRE_AUTHORIZATION_REQUEST), so
 * ChatGPT's habits end in a normal sign-in instead of an error: an empty or missing scope, stray spaces, and
 * requests for every scope the server advertises. The result is {@code openid} plus the requested scopes this
 * client has; the client's default scopes (openid offline_access for a GPT client) are granted as always.
 */
public class ScopeToleranceExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    ScopeToleranceExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getProviderId() {
        return ScopeToleranceExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) {
        if (context.getEvent() != ClientPolicyEvent.PRE_AUTHORIZATION_REQUEST) {
            return;
        }
        PreAuthorizationRequestContext request = (PreAuthorizationRequestContext) context;
        ClientModel client = session.getContext().getRealm().getClientByClientId(request.getClientId());
        if (client == null) {
            return;
        }
        MultivaluedMap<String, String> params = request.getRequestParameters();
        if (params.containsKey(OIDCLoginProtocol.REQUEST_URI_PARAM)) {
            return; // a pushed request (PAR): its scope was pushed with it, and the query must stay as it is
        }
        String requested = params.getFirst(OAuth2Constants.SCOPE);
        String tolerated = tolerate(requested, client);
        if (tolerated.equals(requested)) {
            return;
        }
        // Keycloak hands executors the request's parameters read-only, so the browser is sent to the same
        // authorization request with the tolerated scope: one extra redirect, only for odd scopes.
        if (HttpMethod.GET.equals(session.getContext().getHttpRequest().getHttpMethod())) {
            URI received = session.getContext().getUri().getRequestUri();
            URI same = URI.create(received.getScheme() + "://" + received.getRawAuthority() + received.getRawPath()
                    + "?" + withScope(received.getRawQuery(), tolerated));
            // With a body: Keycloak's error handler would otherwise turn an empty redirect into an error page.
            throw new RedirectionException(Response.status(Response.Status.FOUND).location(same)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .type(MediaType.TEXT_PLAIN_TYPE).entity("Continuing the sign-in with scope: " + tolerated).build());
        }
    }

    /**
     * The raw query with every {@code scope} parameter replaced by one carrying {@code scope}; the rest byte for byte.
     * Names are compared decoded, as Keycloak reads them: a {@code sc%6Fpe} left in would be a second scope, read
     * first, and the tolerated request would be redirected again and again. A name that does not decode is dropped.
     */
    static String withScope(String rawQuery, String scope) {
        StringBuilder query = new StringBuilder();
        if (rawQuery != null) {
            for (String parameter : rawQuery.split("&")) {
                if (!parameter.isEmpty() && decodedName(parameter).filter(name -> !name.equals(OAuth2Constants.SCOPE)).isPresent()) {
                    query.append(parameter).append('&');
                }
            }
        }
        return query.append(OAuth2Constants.SCOPE).append('=')
                .append(URLEncoder.encode(scope, StandardCharsets.UTF_8).replace("+", "%20")).toString();
    }

    private static Optional<String> decodedName(String parameter) {
        int equals = parameter.indexOf('=');
        try {
            return Optional.of(URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    static String tolerate(String requested, ClientModel client) {
        Set<String> kept = new LinkedHashSet<>();
        kept.add(OAuth2Constants.SCOPE_OPENID);
        if (requested != null) {
            for (String scope : requested.trim().split("\\s+")) {
                if (!scope.isEmpty() && (client.getClientScopes(true).containsKey(scope)
                        || client.getClientScopes(false).containsKey(scope))) {
                    kept.add(scope);
                }
            }
        }
        return String.join(" ", kept);
    }
}
