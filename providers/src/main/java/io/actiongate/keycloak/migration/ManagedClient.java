package io.actiongate.keycloak.migration;

/**
 * The clients of the realm file that ActionGate needs: each by the id it has by default, the variable that may
 * rename it, and what it is for (said when it is missing or its id is taken).
 */
public enum ManagedClient {
    GPT("agenda-gpt", "GPT_CLIENT_ID", "the GPT client that GPT Actions sign in through"),
    WEB("agenda-web", "WEB_CLIENT_ID", "the agenda page's sign-in client"),
    API("agenda-api", null, "the agenda API's own client (it reads stored Google tokens through it)"),
    MCP_SERVER("agenda-mcp-server", null, "the MCP server's resource (the audience of connectors' tokens)"),
    MCP("agenda-mcp", "MCP_CLIENT_ID", "the predefined connector client");

    private final String key;
    private final String idVariable;
    private final String purpose;

    ManagedClient(String key, String idVariable, String purpose) {
        this.key = key;
        this.idVariable = idVariable;
        this.purpose = purpose;
    }

    /** The client's id in the realm file when no variable renames it. */
    public String key() {
        return key;
    }

    String purpose() {
        return purpose;
    }

    /** How an admin frees the id another client holds: rename that one, or this one where a variable can. */
    String freeIdFix(String clientId) {
        return "give the other client another Client ID in the admin console (Clients > " + clientId + " > Settings)"
                + (idVariable == null ? "" : ", or set " + idVariable + " to an id no client has")
                + ", then start again";
    }
}
