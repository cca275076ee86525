package io.actiongate.agenda.mcp;

import io.actiongate.agenda.PublicUrls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * One JSON-RPC message per POST at {@code /mcp}: the MCP transport has had no batches since 2025-06-18, and the MCP
 * extension answers a JSON array ({@code []}, {@code [1]}, a batch of many) with a 500 and a stack trace in the log.
 * Answered here instead, before the extension sees it: {@code 400} with JSON-RPC's "Invalid Request" error.
 */
@ApplicationScoped
public class SingleMessages {

    /** After the body is read and the caller authenticated, before the MCP route (as {@link McpHttpChallenges}). */
    private static final int ORDER = -10;
    static final String MESSAGE = "Invalid Request: send one JSON-RPC message per request (batches are not supported)";

    void register(@Observes Router router) {
        router.route(HttpMethod.POST, PublicUrls.MCP_PATH).order(ORDER).handler(this::refuseBatches);
    }

    private void refuseBatches(RoutingContext context) {
        RequestBody body = context.body();
        Buffer buffer = body == null ? null : body.buffer();
        if (buffer == null || !startsWithArray(buffer)) {
            context.next();
            return;
        }
        context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("jsonrpc", "2.0").putNull("id")
                        .put("error", new JsonObject().put("code", -32600).put("message", MESSAGE)).encode());
    }

    /** The first character that is not JSON white space is {@code [}. */
    static boolean startsWithArray(Buffer buffer) {
        for (int i = 0; i < buffer.length(); i++) {
            byte b = buffer.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }
}
