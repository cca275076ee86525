package io.actiongate.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's run command, {@code bin/start}, run as a user runs it (in the repository, settings from the
 * environment, output to a log), and stopped as Ctrl-C stops it. Knows how long it took until both services answered.
 */
public final class BinStart {

    /** The repository, which bin/start builds and runs from. */
    public static final Path ROOT = Paths.get(System.getProperty("actiongate.root", "..")).toAbsolutePath().normalize();
    /** What bin/start prints once its wait for the second service (the API, after Keycloak) is over. */
    private static final String BOTH_ANSWER = "The agenda API answers after";
    private static final String READY = "Press Ctrl-C to stop.";

    private final Process process;
    private final Path log;
    private final Duration untilBothAnswer;

    private BinStart(Process process, Path log, Duration untilBothAnswer) {
        this.process = process;
        this.log = log;
        this.untilBothAnswer = untilBothAnswer;
    }

    /**
     * Starts bin/start with {@code env} on top of this environment (less any KC_, GPT_ or DEMO_ setting of the
     * machine's), logging to target/bin-start-{@code name}.log, and returns once it has printed its settings.
     */
    public static BinStart start(Map<String, String> env, String name) throws Exception {
        Path log = Paths.get("target", "bin-start-" + name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("bin/start").toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("KC_") || key.startsWith("GPT_") || key.startsWith("DEMO_"));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + Duration.ofMinutes(4).toNanos();
        Duration untilBothAnswer = null;
        String output = read(log);
        while (!output.contains(READY)) {
            if (untilBothAnswer == null && output.contains(BOTH_ANSWER)) {
                untilBothAnswer = Duration.ofNanos(System.nanoTime() - started);
            }
            assertThat(process.isAlive()).as("bin/start is running:\n" + output).isTrue();
            assertThat(System.nanoTime()).as("bin/start ready in time:\n" + output).isLessThan(deadline);
            Thread.sleep(50);
            output = read(log);
        }
        if (untilBothAnswer == null) {
            untilBothAnswer = Duration.ofNanos(System.nanoTime() - started);
        }
        return new BinStart(process, log, untilBothAnswer);
    }

    /** From the start of bin/start until both services answered (to within the 50 ms this polls its output at). */
    public Duration untilBothAnswer() {
        return untilBothAnswer;
    }

    /** Whether this start had to build first (a part missing, or a source newer than the last build). */
    public boolean built() {
        return output().contains("Building ActionGate");
    }

    public String output() {
        return read(log);
    }

    /** A setting bin/start printed as {@code "  Label   value"}. */
    public String value(String label) {
        Matcher matcher = Pattern.compile("(?m)^  " + Pattern.quote(label) + " +(\\S+)$").matcher(output());
        assertThat(matcher.find()).as(label + " printed").isTrue();
        return matcher.group(1);
    }

    public String demoPassword() {
        Matcher matcher = Pattern.compile("(?m)^Demo user +\\S+ / (\\S+)( .*)?$").matcher(output());
        assertThat(matcher.find()).as("demo user printed").isTrue();
        return matcher.group(1);
    }

    /** Ctrl-C's signal for a background process: SIGTERM to bin/start, which stops both services. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/start stopped").isTrue();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
