package io.actiongate.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aRepeatedCallbackIsLoggedOncePerWindowAndCountedAfterwards() {
        RefusalLog log = new RefusalLog(T0);
        assertThat(log.refused("c1", "cb", T0).logThis()).isTrue();
        for (int i = 0; i < 999; i++) {
            assertThat(log.refused("c1", "cb", T0.plusSeconds(1)).logThis()).isFalse();
        }
        RefusalLog.Decision next = log.refused("c1", "cb", T0.plus(RefusalLog.WINDOW));
        assertThat(next.logThis()).isTrue();
        assertThat(next.unloggedInLastWindow()).isEqualTo(999);
    }

    @Test
    void distinctCallbacksAreBoundedPerClientAndInAll() {
        RefusalLog log = new RefusalLog(T0);
        int loggedForOneClient = 0;
        for (int i = 0; i < 1000; i++) {
            loggedForOneClient += log.refused("c1", "g-" + i, T0).logThis() ? 1 : 0;
        }
        assertThat(loggedForOneClient).isEqualTo(RefusalLog.LINES_PER_CLIENT);
        assertThat(log.refused("c2", "g-0", T0).logThis()).as("another client still gets its lines").isTrue();

        int loggedInAll = 0;
        for (int client = 0; client < 100; client++) {
            for (int i = 0; i < 10; i++) {
                loggedInAll += log.refused("many-" + client, "g-" + i, T0).logThis() ? 1 : 0;
            }
        }
        assertThat(loggedInAll).isLessThanOrEqualTo(RefusalLog.LINES_PER_WINDOW);
    }
}
