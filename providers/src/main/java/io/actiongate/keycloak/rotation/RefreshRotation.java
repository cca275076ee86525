package io.actiongate.keycloak.rotation;

import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.callbacks.ChatGptClientCondition;
import java.util.Optional;
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
    /** When the client session's first rotating refresh happened (seconds since the epoch). */
    private static final String ROTATING_SINCE_NOTE = "actiongate.refresh-rotating-since";

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

    /**
     * A token without the line claims (a sign-in's first, or one issued before rotation) is judged by its age: one
     * issued more than the window before this client session's first rotating refresh was replaced by a later
     * refresh before rotation began, so it is a copy. Otherwise it is left to its own line.
     */
    static Optional<RefreshLine.Judgement> judgeWithoutLine(AuthenticatedClientSessionModel clientSession, RefreshToken token,
                                                            Presented presented, long now, long grace) {
        if (token.getOtherClaims().containsKey(LINE_CLAIM)) {
            return Optional.empty();
        }
        String since = clientSession.getNote(ROTATING_SINCE_NOTE);
        Long issued = token.getIat();
        if (since == null || issued == null) {
            return Optional.empty();
        }
        try {
            long rotatingSince = Long.parseLong(since);
            if (issued < rotatingSince - grace) {
                return Optional.of(new RefreshLine.Judgement(RefreshLine.Verdict.REPLAY, now - issued));
            }
        } catch (NumberFormatException e) {
            // Only ActionGate writes the note; an unreadable one says nothing.
        }
        return Optional.empty();
    }

    static void markRotating(AuthenticatedClientSessionModel clientSession, long now) {
        if (clientSession.getNote(ROTATING_SINCE_NOTE) == null) {
            clientSession.setNote(ROTATING_SINCE_NOTE, String.valueOf(now));
        }
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
