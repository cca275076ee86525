package io.actiongate.keycloak.rotation;

import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.callbacks.ChatGptClientCondition;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.RefreshToken;

/** Which clients rotate, and the claims and client session notes that carry a line of rotating refresh tokens. */
public final class RefreshRotation {

    /** The refresh token's line: the id of the sign-in's first refresh token. */
    static final String LINE_CLAIM = "actiongate_line";
    /** The refresh token's generation in its line: 0 for a sign-in's first refresh token. */
    static final String GENERATION_CLAIM = "actiongate_gen";
    private static final String NOTE_PREFIX = "actiongate.refresh-line.";

    public static final String REPLAY_DESCRIPTION = "This refresh token was already used and replaced; a copy used after "
            + "that means someone else holds it, so this connection was cut. Sign in again to connect.";

    private RefreshRotation() {
    }

    /**
     * Public ChatGPT clients (every MCP connector: no secret, the refresh token is the only credential) always;
     * any other client when an admin turned it on ({@link GptClientAttributes#ROTATE_REFRESH_TOKENS}). Keycloak's
     * own public clients (the consoles) do not: their browser tabs share one client session, and each tab's tokens
     * would look like a second holder.
     */
    public static boolean rotates(ClientModel client) {
        return client != null && ((client.isPublicClient() && ChatGptClientCondition.isChatGptClient(client))
                || Boolean.parseBoolean(client.getAttribute(GptClientAttributes.ROTATE_REFRESH_TOKENS)));
    }

    /** A presented refresh token's place: a token without the claims (Keycloak's first one) starts its own line. */
    record Presented(String line, int generation) {
    }

    static Presented presented(RefreshToken token) {
        Object line = token.getOtherClaims().get(LINE_CLAIM);
        Object generation = token.getOtherClaims().get(GENERATION_CLAIM);
        if (line instanceof String id && generation instanceof Number number) {
            return new Presented(id, number.intValue());
        }
        return new Presented(token.getId(), 0);
    }

    static void continueLine(RefreshToken next, Presented from) {
        next.getOtherClaims().put(LINE_CLAIM, from.line());
        next.getOtherClaims().put(GENERATION_CLAIM, from.generation() + 1);
    }

    static String noteOf(String line) {
        return NOTE_PREFIX + line;
    }

    static RefreshLine lineOf(AuthenticatedClientSessionModel clientSession, String line) {
        return RefreshLine.parse(clientSession.getNote(noteOf(line)));
    }
}
