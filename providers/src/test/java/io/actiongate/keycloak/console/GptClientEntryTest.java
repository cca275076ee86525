package io.actiongate.keycloak.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.keycloak.callbacks.PendingCallbacks.Pending;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GptClientEntryTest {

    private static final String CALLBACK = "https://chatgpt.com/aip/g-abc123/oauth/callback";

    @Test
    void aWaitingLineNamesTheCallbackFirstThenWhoAndWhen() {
        Pending once = new Pending(CALLBACK, "g-abc123", Instant.parse("2026-11-22T08:01:30Z"),
                Instant.parse("2026-11-22T08:01:30Z"), 1);
        Pending thrice = new Pending(CALLBACK, "g-abc123", Instant.parse("2026-11-21T23:59:00Z"),
                Instant.parse("2026-11-22T10:05:00Z"), 3);

        assertThat(GptClientEntry.waitingLines(List.of(once, thrice))).containsExactly(
                CALLBACK + "  (GPT g-abc123, 1 attempt, first seen 2026-11-22 08:01 UTC, last seen 2026-11-22 08:01 UTC)",
                CALLBACK + "  (GPT g-abc123, 3 attempts, first seen 2026-11-21 23:59 UTC, last seen 2026-11-22 10:05 UTC)");
    }

    @Test
    void theCallbackOfALineIsItsFirstWordWhateverFollows() {
        String line = GptClientEntry.waitingLines(List.of(new Pending(CALLBACK, "g-abc123", Instant.EPOCH, Instant.EPOCH, 2))).get(0);

        assertThat(GptClientEntry.callbackOf(line)).isEqualTo(CALLBACK);
        assertThat(GptClientEntry.callbackOf("  " + CALLBACK + "  ")).isEqualTo(CALLBACK);
        assertThat(GptClientEntry.callbackOf(CALLBACK + " edited by hand")).isEqualTo(CALLBACK);
    }
}
