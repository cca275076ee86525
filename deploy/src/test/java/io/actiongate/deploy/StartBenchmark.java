package io.actiongate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.BinStart;
import io.actiongate.server.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How long the README's run command takes until both services answer, with the build already there: the first start
 * on a new DATA_DIR (Keycloak imports the realm) and {@code benchmark.starts} (3) later starts on the same one. A
 * start that had to build first is not counted: it is stopped and made again. Free loopback ports, embedded H2.
 * {@code ./mvnw -Pbenchmark verify -pl deploy} (after {@code ./mvnw -DskipTests install}); figures in
 * deploy/target/start-benchmark-results.txt.
 */
class StartBenchmark {

    private static final int LATER_STARTS = Integer.getInteger("benchmark.starts", 3);

    @Test
    void binStartUntilBothServicesAnswer() throws Exception {
        Map<String, String> env = Map.of(
                "AUTH_PORT", String.valueOf(FreePorts.free()),
                "AUTH_MANAGEMENT_PORT", String.valueOf(FreePorts.free()),
                "API_PORT", String.valueOf(FreePorts.free()),
                "DATA_DIR", Files.createTempDirectory("actiongate-start-benchmark-").toString());
        BinStart first = BinStart.start(env, "benchmark-first");
        first.stop();
        if (first.built()) {
            // That start built first (sources newer than the last build); the figure wanted is the one without.
            env = Map.of("AUTH_PORT", env.get("AUTH_PORT"), "AUTH_MANAGEMENT_PORT", env.get("AUTH_MANAGEMENT_PORT"),
                    "API_PORT", env.get("API_PORT"), "DATA_DIR", Files.createTempDirectory("actiongate-start-benchmark-").toString());
            first = BinStart.start(env, "benchmark-first");
            first.stop();
        }
        assertThat(first.built()).as("bin/start built again right after a build").isFalse();
        List<Double> later = new ArrayList<>();
        for (int i = 1; i <= LATER_STARTS; i++) {
            BinStart start = BinStart.start(env, "benchmark-later-" + i);
            start.stop();
            assertThat(start.built()).as("a later start built").isFalse();
            later.add(seconds(start.untilBothAnswer()));
        }

        List<Double> sorted = new ArrayList<>(later);
        Collections.sort(sorted);
        String report = String.format("bin/start until both services answer (build already there, embedded H2):%n"
                        + "  first start (realm import)   %5.1f s%n"
                        + "  later start, median          %5.1f s   starts %s   (target <= 10 s)%n",
                seconds(first.untilBothAnswer()), sorted.get(sorted.size() / 2),
                later.stream().map(value -> String.format("%.1f", value)).toList());
        System.out.print(report);
        Path results = Paths.get("target", "start-benchmark-results.txt");
        Files.createDirectories(results.getParent());
        Files.writeString(results, report);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
