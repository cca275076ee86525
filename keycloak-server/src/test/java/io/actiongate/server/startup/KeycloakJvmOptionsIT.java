package io.actiongate.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.JvmFlags;
import io.actiongate.server.testing.StagedKeycloak;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JVM options Keycloak's launcher (bin/actiongate-keycloak.sh) sets, as the running JVM has them (jcmd, not the
 * command line): the heap docs/configuration.md ("Memory") promises and the optimizing compiler's raised thresholds
 * (docs/benchmarks.md, "Start-up"); an option in JAVA_OPTS_APPEND, Keycloak's own setting, wins over the launcher's.
 */
class KeycloakJvmOptionsIT {

    @Test
    void theLauncherSizesTheHeapAndRaisesTheCompilerThresholdsAndJavaOptsAppendWins() {
        // The shared server sets JAVA_OPTS_APPEND for this check (StagedKeycloak.shared()).
        Map<String, String> flags = JvmFlags.of(StagedKeycloak.shared().jvm());
        assertThat(flags).containsEntry("MaxHeapSize", String.valueOf(512L << 20))
                .containsEntry("InitialHeapSize", String.valueOf(64L << 20))
                .containsEntry("Tier4InvocationThreshold", "50000")
                .containsEntry("Tier4MinInvocationThreshold", "6000")
                .containsEntry("Tier4CompileThreshold", "150000")
                // The launcher's own value is 400000: the setting's, later on the command line, is the one taken.
                .containsEntry("Tier4BackEdgeThreshold", StagedKeycloak.SHARED_BACK_EDGE_THRESHOLD);
    }
}
