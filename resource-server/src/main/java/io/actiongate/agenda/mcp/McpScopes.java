package io.actiongate.agenda.mcp;

import java.util.List;

/**
 * The OAuth scopes of the MCP server (client scopes of the realm) and the {@code securitySchemes} each tool declares
 * (OpenAI Apps SDK), as compile-time constants: the declarations are annotation values, and {@link McpAccess}
 * enforces exactly what they say.
 */
public final class McpScopes {

    public static final String READ = "agenda:read";
    public static final String WRITE = "agenda:write";
    /** Every scope, in the order the metadata lists them; ChatGPT asks for all of them by default. */
    public static final List<String> ALL = List.of(READ, WRITE);

    public static final String SECURITY_SCHEMES = "securitySchemes";
    public static final String NO_SIGN_IN = "[{\"type\":\"noauth\"}]";
    public static final String SIGN_IN_TO_READ = "[{\"type\":\"oauth2\",\"scopes\":[\"" + READ + "\"]}]";
    public static final String SIGN_IN_TO_WRITE = "[{\"type\":\"oauth2\",\"scopes\":[\"" + WRITE + "\"]}]";

    private McpScopes() {
    }
}
