package io.actiongate.agenda.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actiongate.agenda.PublicUrls;
import io.actiongate.agenda.items.Agenda;
import io.actiongate.agenda.items.InvalidFieldException;
import io.actiongate.agenda.items.NoSuchItemException;
import io.actiongate.agenda.items.NotAUserException;
import io.actiongate.agenda.problem.ProblemMappers;
import io.quarkiverse.mcp.server.MetaKey;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Runs an agenda operation for an MCP tool: checks the caller and the tool's scope, turns the operation's result
 * into a tool result and every client mistake into a tool error that names the field ({@code isError: true}, never a
 * JSON-RPC error or a 500).
 *
 * <p>A refused call is a tool error carrying {@code _meta["mcp/www_authenticate"]} (what ChatGPT reads to show its
 * connect button), and its HTTP response is {@code 401} or {@code 403} with the same {@code WWW-Authenticate}
 * challenge (what MCP clients such as the official SDKs act on): {@link McpHttpChallenges} sets the status once the
 * tool has answered.
 */
@ApplicationScoped
public class McpAccess {

    static final MetaKey WWW_AUTHENTICATE = MetaKey.from("mcp/www_authenticate");
    /** Routing-context key under which a refused call leaves its {@link ToolDenied}. */
    static final String DENIED = McpAccess.class.getName() + ".denied";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest request;

    @Inject
    PublicUrls urls;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "agenda.service-name")
    String serviceName;

    /** A tool that needs no sign-in. */
    ToolResponse anyone(Supplier<Object> operation) {
        return respond(operation);
    }

    /** A tool for the signed-in user whose token carries {@code scope}; the operation gets the user's {@code sub}. */
    ToolResponse user(String scope, Function<String, Object> operation) {
        ToolDenied denied = check(scope);
        if (denied != null) {
            return refuse(denied);
        }
        return respond(() -> operation.apply(Agenda.ownerOf(identity)));
    }

    private ToolDenied check(String scope) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return new ToolDenied(ToolDenied.SIGN_IN,
                    challenge("invalid_token", "Sign in to " + serviceName + " to use this tool."),
                    "Sign-in required: connect your " + serviceName + " account to use this tool.");
        }
        if (!grantedScopes(token).contains(scope)) {
            return new ToolDenied(ToolDenied.STEP_UP,
                    challenge("insufficient_scope", "This tool needs the " + scope + " permission; sign in again and allow it."),
                    "Permission missing: this tool needs " + scope + ". Reconnect and allow it.");
        }
        return null;
    }

    /** The RFC 6750 challenge of every refusal: where the metadata is, which scopes to ask for, and why. */
    String challenge(String error, String description) {
        return "Bearer resource_metadata=\"" + urls.mcpResourceMetadata() + "\", scope=\"" + String.join(" ", McpScopes.ALL)
                + "\", error=\"" + error + "\", error_description=\"" + description + "\"";
    }

    private static List<String> grantedScopes(JsonWebToken token) {
        Object scope = token.getClaim("scope");
        return scope == null ? List.of() : Arrays.asList(WHITESPACE.split(scope.toString().trim()));
    }

    private ToolResponse refuse(ToolDenied denied) {
        if (request.getCurrent() != null) {
            request.getCurrent().put(DENIED, denied);
        }
        return new ToolResponse(true, List.of(new TextContent(denied.message())),
                Map.of(WWW_AUTHENTICATE, List.of(denied.challenge())));
    }

    private ToolResponse respond(Supplier<Object> operation) {
        try {
            // structuredContent is written by Vert.x's codec, a copy of this same ObjectMapper (ISO dates, as in the REST
            // API); the text copy is for clients without structuredContent. As the MCP library's own structured-content
            // mapper does: no JsonNode tree in between, which was built per call and then written twice.
            Object result = operation.get();
            return new ToolResponse(false, List.of(new TextContent(json.writeValueAsString(result))), result, null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An agenda result that Jackson cannot write", e);
        } catch (InvalidFieldException e) {
            return ToolResponse.error(e.getMessage());
        } catch (ConstraintViolationException e) {
            return ToolResponse.error(e.getConstraintViolations().stream()
                    .map(violation -> ProblemMappers.fieldOf(violation) + " " + violation.getMessage())
                    .sorted().collect(Collectors.joining("; ")));
        } catch (NoSuchItemException | NotAUserException e) {
            return ToolResponse.error(e.getMessage());
        }
    }
}
