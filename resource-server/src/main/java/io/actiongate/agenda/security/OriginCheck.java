package io.actiongate.agenda.security;

import io.actiongate.agenda.PublicUrls;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request that names its {@code Origin} must come from one this deployment allows, before it is authenticated:
 * at {@code /mcp} (the MCP transport's defence against DNS rebinding: a page on another origin, or a rebound name,
 * talking to the server through the user's browser) and for the agenda page's writes and live stream (a page on
 * another site posting with the user's cookies). No {@code Origin} passes: ChatGPT and other servers send none, and
 * browsers send one with every cross-origin request and every POST. Allowed at {@code /mcp}: the API's and
 * Keycloak's public origins and those in {@code ALLOWED_ORIGINS}; for the page: its own origin only (public, or as
 * requested). Refused: {@code 403}, at {@code /mcp} with a JSON-RPC error body.
 */
@ApplicationScoped
public class OriginCheck {

    /** After CORS, before authentication (higher runs first). */
    static final int PRIORITY = SecurityHandlerPriorities.AUTHENTICATION + 10;
    private static final String PAGE_PREFIX = "/web/";

    private final Set<String> allowed = new HashSet<>();
    private final Optional<String> apiOrigin;

    OriginCheck(PublicUrls urls, @ConfigProperty(name = "agenda.allowed-origins") Optional<List<String>> extra) {
        apiOrigin = origin(urls.api());
        apiOrigin.ifPresent(allowed::add);
        origin(urls.realm()).ifPresent(allowed::add);
        extra.orElse(List.of()).forEach(value -> allowed.add(origin(value).orElseThrow(() -> new IllegalArgumentException(
                "ALLOWED_ORIGINS has '" + value + "', which is not an origin such as https://app.example.com"))));
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            context.next();
            return;
        }
        String path = context.normalizedPath();
        boolean mcp = path.equals(PublicUrls.MCP_PATH) || path.startsWith(PublicUrls.MCP_PATH + "/");
        boolean page = path.startsWith(PAGE_PREFIX)
                && (context.request().method() != HttpMethod.GET || path.equals(PAGE_PREFIX + "events"));
        boolean allowed = page ? isRequestsOwn(context, origin) || isApisOwn(origin) : isAllowed(origin);
        if ((!mcp && !page) || allowed) {
            context.next();
            return;
        }
        String message = "The Origin of this request is not one this server allows";
        context.response().setStatusCode(403).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (mcp) {
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(new JsonObject()
                    .put("jsonrpc", "2.0").putNull("id")
                    .put("error", new JsonObject().put("code", -32600).put("message", message)).encode());
        } else {
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(message + "\n");
        }
    }

    /**
     * The page's own origin as this request reached it (behind the proxy, as forwarded): the page may post to
     * itself under any name it is served by. Not for {@code /mcp}, where a rebound name would be its own origin too.
     */
    private static boolean isRequestsOwn(RoutingContext context, String origin) {
        String authority = context.request().authority() == null ? null : context.request().authority().toString();
        return authority != null && headerOrigin(origin).equals(origin(context.request().scheme() + "://" + authority));
    }

    boolean isAllowed(String origin) {
        return headerOrigin(origin).filter(allowed::contains).isPresent();
    }

    /** The page takes writes from itself only: its public origin (or as requested), not Keycloak's or others'. */
    private boolean isApisOwn(String origin) {
        return headerOrigin(origin).equals(apiOrigin);
    }

    /** An Origin header as browsers send it: scheme, host and port, nothing after them; else empty. */
    static Optional<String> headerOrigin(String header) {
        try {
            URI uri = new URI(header.strip());
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
            return bare ? origin(header) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code scheme://host[:port]} in lower case, the scheme's default port left out; empty if not an http(s) origin. */
    static Optional<String> origin(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
