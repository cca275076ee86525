package io.actiongate.agenda.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Remembers, per OIDC tenant and exact bearer token, the identity quarkus-oidc built for it (signature, issuer,
 * audience, expiry and userinfo checked), for {@code TOKEN_CACHE_TTL} and never past the token's {@code exp}.
 * quarkus-oidc can cache the userinfo answer but verifies the JWT again on every request (the token decoded several
 * times, an RSA signature check, the claims, a new identity): about four times the cost of a whole public request
 * (docs/benchmarks.md). The same token bytes give the same answer to every check but expiry, which is checked here on
 * each use; userinfo, which a revoked session fails, is asked again once the entry is TOKEN_CACHE_TTL old. Ours
 * because quarkus-oidc has no such option.
 *
 * <p>Only successes are kept, so a bad token is always checked in full; only bearer tokens of {@code service}
 * tenants (the REST API and /mcp, which differ in audience and therefore in key); the agenda page's code-flow sessions
 * are left to quarkus-oidc.
 */
@ApplicationScoped
public class VerifiedTokenCache {

    /** Routing-context key marking a request answered from the cache, whose identity is not stored again. */
    private static final String HIT = VerifiedTokenCache.class.getName() + ".hit";

    private final Cache<String, SecurityIdentity> identities;

    @Inject
    public VerifiedTokenCache(@ConfigProperty(name = "agenda.token-cache.max-size") int maxSize,
                              @ConfigProperty(name = "agenda.token-cache.time-to-live") Duration timeToLive) {
        this.identities = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(timeToLive).build();
    }

    // Methods, not field access: the nested beans hold a client proxy of this bean.
    SecurityIdentity get(String key) {
        return identities.getIfPresent(key);
    }

    void forget(String key) {
        identities.invalidate(key);
    }

    void keep(String key, SecurityIdentity identity) {
        identities.asMap().putIfAbsent(key, identity);
    }

    /** A hit answers; a miss (null) lets quarkus-oidc verify the token. */
    @ApplicationScoped
    public static class Lookup implements IdentityProvider<TokenAuthenticationRequest> {

        @Inject
        VerifiedTokenCache cache;

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        /** Before every other provider: quarkus-oidc's own runs at SYSTEM_FIRST + 1. */
        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
            String key = request.getToken() instanceof AccessTokenCredential token ? key(routing, token.getToken()) : null;
            SecurityIdentity cached = key == null ? null : cache.get(key);
            if (cached == null) {
                return Uni.createFrom().nullItem();
            }
            if (!unexpired(cached)) {
                cache.forget(key);
                return Uni.createFrom().nullItem();
            }
            routing.put(HIT, true);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(cached)
                    .addAttribute(RoutingContext.class.getName(), routing)
                    .addAttribute(AuthenticationRequestContext.class.getName(), context)
                    .build());
        }
    }

    /**
     * The first augmentor, so the identity kept is quarkus-oidc's own. Not on a hit: an entry that expired meanwhile
     * would come back with a new lifetime and without userinfo asked again.
     */
    @ApplicationScoped
    public static class Store implements SecurityIdentityAugmentor {

        @Inject
        VerifiedTokenCache cache;

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            return Uni.createFrom().item(identity);
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
                                             Map<String, Object> attributes) {
            RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(attributes);
            AccessTokenCredential token = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
            String key = token == null || routing == null || routing.get(HIT) != null ? null : key(routing, token.getToken());
            if (key != null && unexpired(identity)) {
                // Without the request it was made for, which the entry would otherwise keep alive (body and all).
                cache.keep(key, QuarkusSecurityIdentity.builder(identity).addAttribute(RoutingContext.class.getName(), null)
                        .addAttribute(AuthenticationRequestContext.class.getName(), null).build());
            }
            return Uni.createFrom().item(identity);
        }
    }

    /**
     * The tenant quarkus-oidc resolved for this request, and the token; null where nothing may be cached: other than
     * a service tenant's bearer token, or a token bound to the request (a client certificate, DPoP), whose binding
     * quarkus-oidc checks per request.
     */
    private static String key(RoutingContext routing, String token) {
        OidcTenantConfig tenant = routing == null ? null : routing.get(OidcTenantConfig.class.getName());
        if (tenant == null || token == null
                || tenant.applicationType().orElse(ApplicationType.SERVICE) != ApplicationType.SERVICE
                || tenant.token().binding().certificate()
                || !"Bearer".equalsIgnoreCase(tenant.token().authorizationScheme())) {
            return null;
        }
        return tenant.tenantId().orElse(OidcUtils.DEFAULT_TENANT_ID) + ' ' + token;
    }

    private static boolean unexpired(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt
                && Instant.now().getEpochSecond() < jwt.getExpirationTime();
    }
}
