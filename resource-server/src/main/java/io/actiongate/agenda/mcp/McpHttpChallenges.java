package io.actiongate.agenda.mcp;

import io.actiongate.agenda.PublicUrls;
import io.quarkus.security.AuthenticationFailedException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The HTTP side of MCP authorization on {@code /mcp}, around the MCP extension's own route:
 * <ul>
 *   <li>a tool call {@link McpAccess} refused answers {@code 401} or {@code 403} with its {@code WWW-Authenticate}
 *       challenge (the JSON-RPC body, a tool error, is the extension's);</li>
 *   <li>a token that is malformed, expired, revoked or for another audience (a GPT Action's) answers
 *       {@code 401 invalid_token} with the same kind of challenge, instead of the OIDC extension's bare one.</li>
 * </ul>
 * A request without a token passes: tools that need no sign-in work anonymously, the others refuse as above.
 */
@ApplicationScoped
public class McpHttpChallenges {

    /** After Quarkus' authentication and authorization filters (negative orders), before the MCP route. */
    private static final int ORDER = -10;

    @Inject
    McpAccess access;

    void register(@Observes Router router) {
        router.route(PublicUrls.MCP_PATH).order(ORDER).handler(this::challengeRefusedCalls);
        router.route(PublicUrls.MCP_PATH).order(ORDER).failureHandler(this::invalidToken);
    }

    private void challengeRefusedCalls(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            ToolDenied denied = context.get(McpAccess.DENIED);
            if (denied != null) {
                context.response().setStatusCode(denied.status());
                context.response().headers().set(HttpHeaderNames.WWW_AUTHENTICATE, denied.challenge());
            }
        });
        context.next();
    }

    private void invalidToken(RoutingContext context) {
        if (!(context.failure() instanceof AuthenticationFailedException) || context.response().ended()) {
            context.next();
            return;
        }
        String description = "The access token is malformed, expired, revoked or not meant for this MCP server.";
        context.response().setStatusCode(401)
                .putHeader(HttpHeaderNames.WWW_AUTHENTICATE, access.challenge("invalid_token", description))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("error", "invalid_token").put("error_description", description).encode());
    }
}
