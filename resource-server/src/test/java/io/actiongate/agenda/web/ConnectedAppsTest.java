package io.actiongate.agenda.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectedAppsTest {

    private static final Instant CUT = Instant.parse("2026-12-07T10:00:05.400Z");

    @Test
    void aCutIsShownUntilTheAppIsUsedAgain() {
        assertThat(ConnectedApps.cutSinceLastUse(CUT, null)).isEqualTo(CUT);
        assertThat(ConnectedApps.cutSinceLastUse(CUT, Instant.parse("2026-12-07T10:00:04Z"))).isEqualTo(CUT);
        // Keycloak's last use is whole seconds: the cut's own second counts as after it.
        assertThat(ConnectedApps.cutSinceLastUse(CUT, Instant.parse("2026-12-07T10:00:05Z"))).isNull();
        assertThat(ConnectedApps.cutSinceLastUse(CUT, Instant.parse("2026-12-07T10:00:06Z"))).isNull();
        assertThat(ConnectedApps.cutSinceLastUse(null, Instant.parse("2026-12-07T10:00:06Z"))).isNull();
    }
}
