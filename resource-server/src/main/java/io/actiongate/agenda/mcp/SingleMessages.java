package io.actiongate.agenda.mcp;

import io.actiongate.agenda.PublicUrls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.quarkus.runtime.configuration.MemorySize;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * One JSON-RPC message, a JSON object, per POST at {@code /mcp}: the MCP transport has had no batches since
 * 2025-06-18, and the MCP extension answers a JSON array ({@code []}, {@code [1]}, a batch of many) or a bare value
 * ({@code 1}, {@code "x"}, {@code null}) with a 500 and a stack trace in the log. Answered here instead, before the
 * extension sees it: {@code 400} with JSON-RPC's "Invalid Request" error. A body that starts like an object goes on
 * (the extension answers malformed JSON with a parse error).
 */
@ApplicationScoped
public class SingleMessages {

    /** After the body is read and the caller authenticated, before the MCP route (as {@link McpHttpChallenges}). */
    private static final int ORDER = -10;
    static final String MESSAGE = "Invalid Request: send one JSON-RPC message, a JSON object, per request (batches are not supported)";

    /** The same bound as Quarkus's own body handler, which the MCP route runs after this one and then skips. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void register(@Observes Router router) {
        router.route(HttpMethod.POST, PublicUrls.MCP_PATH).order(ORDER)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue()))
                .handler(this::refuseBatches);
    }

    private void refuseBatches(RoutingContext context) {
        RequestBody body = context.body();
        Buffer buffer = body == null ? null : body.buffer();
        if (buffer == null || buffer.length() == 0 || startsWithObject(buffer)) {
            context.next();
            return;
        }
        context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("jsonrpc", "2.0").putNull("id")
                        .put("error", new JsonObject().put("code", -32600).put("message", MESSAGE)).encode());
    }

    /**
     * The first character after a byte order mark (which the JSON reader skips) and JSON white space is
     * <code>{</code>; an empty body counts as not an object.
     */
    static boolean startsWithObject(Buffer buffer) {
        int start = buffer.length() >= 3 && buffer.getByte(0) == (byte) 0xEF && buffer.getByte(1) == (byte) 0xBB
                && buffer.getByte(2) == (byte) 0xBF ? 3 : 0;
        for (int i = start; i < buffer.length(); i++) {
            byte b = buffer.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }
}
