package io.actiongate.agenda.service;

import io.actiongate.agenda.CallerRoles;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * {@code Authorization: Bearer <service token>} from the plugin platform: an identity with the
 * {@link CallerRoles#PLATFORM} role and no user. Any other bearer token is left to quarkus-oidc.
 */
@ApplicationScoped
public class ServiceTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Inject
    ServiceTokens serviceTokens;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (serviceTokens.enabled() && authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && serviceTokens.matches(authorization.substring(BEARER.length()).trim())) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("platform"))
                    .addRole(CallerRoles.PLATFORM)
                    .build());
        }
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    /** Before quarkus-oidc, which would reject a service token as a malformed JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
