package io.actiongate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.AgendaApiProcess;
import io.actiongate.server.testing.FreePorts;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's launcher (agenda-api.sh, which bin/start, systemd, the image and the tests run) gives the JVM the memory
 * bounds docs/configuration.md ("Memory") promises and the optimizing compiler's raised thresholds (docs/benchmarks.md,
 * "Start-up"), and API_JAVA_HEAP and API_JAVA_OPTS change them. The API starts on
 * its default H2 database; no Keycloak is needed to start it. Also: the build's class data archive is used, and
 * DATA_DIR keeps meaning the caller's directory though the JVM runs in the build's.
 */
class ApiLauncherIT {

    private static final Path API_BUILD = Paths.get(System.getProperty("actiongate.api.jar")).getParent();

    @Test
    void theDefaultsBoundTheJvmAndTheSettingsChangeThem() throws Exception {
        String noKeycloak = "http://localhost:" + FreePorts.free();
        try (AgendaApiProcess api = AgendaApiProcess.start(noKeycloak, Map.of())) {
            assertThat(api.jvmArguments()).contains("-Xms32m", "-Xmx128m", "-XX:MaxMetaspaceSize=128m",
                    "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000",
                    "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
                    "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");
        }
        // -Xshare:on: the JVM starts only if it can map the build's class data archive, which it refuses unless it
        // runs in the archive's directory (this test runs elsewhere).
        assertThat(API_BUILD.resolve("app-cds.jsa")).exists();
        // The JVM runs in the build's directory, but a relative DATA_DIR still means the caller's (this test's) one.
        Path dataDir = Paths.get("target", "api-launcher-" + System.nanoTime());
        try (AgendaApiProcess api = AgendaApiProcess.start(noKeycloak, Map.of("API_JAVA_HEAP", "-Xms16m -Xmx96m",
                "API_JAVA_OPTS", "-XX:TrimNativeHeapInterval=0 -Xshare:on", "DATA_DIR", dataDir.toString()))) {
            assertThat(dataDir.resolve("agenda/agenda.mv.db")).exists();
            assertThat(API_BUILD.resolve(dataDir)).doesNotExist();
            List<String> arguments = api.jvmArguments();
            assertThat(arguments).contains("-Xms16m", "-Xmx96m").doesNotContain("-Xmx128m");
            // API_JAVA_OPTS come after the launcher's own options, so they win (the JVM takes the last of a repeated one).
            assertThat(arguments.indexOf("-XX:TrimNativeHeapInterval=0"))
                    .isGreaterThan(arguments.indexOf("-XX:TrimNativeHeapInterval=5000")).isLessThan(arguments.indexOf("-jar"));
        }
    }
}
