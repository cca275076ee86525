package io.actiongate.keycloak.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

class GptClientActivityTest {

    private static final long TIME = Instant.parse("2026-11-22T09:43:05.123Z").toEpochMilli();

    @Test
    void aLineSaysWhenWhatAndWhichGpt() {
        Event refresh = event(EventType.REFRESH_TOKEN, null, Map.of("gpt_id", "g-abc123"));
        refresh.setUserId("a-user-id");
        assertThat(GptClientActivity.line(refresh)).isEqualTo("2026-11-22 09:43:05 UTC  refresh  GPT g-abc123");
    }

    @Test
    void aRefusedCallbackSaysItIsWaitingForApproval() {
        Event refused = event(EventType.LOGIN_ERROR, "invalid_request",
                Map.of("gpt_id", "g-new", "callback_status", "waiting_for_approval"));
        assertThat(GptClientActivity.line(refused))
                .isEqualTo("2026-11-22 09:43:05 UTC  callback refused, waiting for approval  GPT g-new");
    }

    @Test
    void otherErrorsNameTheirErrorAndEventsWithoutDetailsStillMakeALine() {
        assertThat(GptClientActivity.line(event(EventType.CODE_TO_TOKEN_ERROR, "invalid_code", null)))
                .isEqualTo("2026-11-22 09:43:05 UTC  token request refused (invalid_code)");
        assertThat(GptClientActivity.line(event(EventType.LOGIN_ERROR, "invalid_user_credentials", Map.of())))
                .isEqualTo("2026-11-22 09:43:05 UTC  sign-in failed (invalid_user_credentials)");
    }

    @Test
    void aCutConnectionSaysWhy() {
        Event cut = event(EventType.REFRESH_TOKEN_ERROR, "invalid_token",
                Map.of("connector_id", "agenda-mcp", "connection_cut", "reused_refresh_token"));
        assertThat(GptClientActivity.line(cut)).startsWith("2026-11-22 09:43:05 UTC  connection cut: a refresh token it had replaced")
                .endsWith("  connector agenda-mcp");
        assertThat(GptClientActivity.line(event(EventType.REFRESH_TOKEN_ERROR, "invalid_token", Map.of("connector_id", "agenda-mcp"))))
                .isEqualTo("2026-11-22 09:43:05 UTC  refresh refused (invalid_token)  connector agenda-mcp");
    }

    private static Event event(EventType type, String error, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setTime(TIME);
        event.setError(error);
        event.setDetails(details);
        return event;
    }
}
