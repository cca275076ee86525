package io.actiongate.agenda.mcp;

/**
 * Why a tool call was refused before it ran: no signed-in user ({@code 401 invalid_token}) or a token without the
 * tool's scope ({@code 403 insufficient_scope}), with the RFC 6750 challenge that tells the client what to do.
 */
record ToolDenied(int status, String challenge, String message) {

    static final int SIGN_IN = 401;
    static final int STEP_UP = 403;
}
