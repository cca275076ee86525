package io.actiongate.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flags a running JVM actually uses ({@code jcmd <pid> VM.flags}, the JDK's own tool): what a launcher's options
 * and the settings that override them come to, rather than what its command line says.
 */
public final class JvmFlags {

    private static final Pattern FLAG = Pattern.compile("-XX:[+-]?(\\w+)(?:=(\\S*))?");

    private JvmFlags() {
    }

    /** Flag name to value ({@code true}/{@code false} for a boolean one) of every flag the JVM has not at its default. */
    public static Map<String, String> of(ProcessHandle jvm) {
        Path jcmd = jcmdFor(jvm);
        try {
            Path output = Files.createTempFile("jcmd-", ".txt");
            try {
                // Output to a file, so that a jcmd that hangs cannot hang the test past the timeout.
                Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(jvm.pid()), "VM.flags")
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("jcmd VM.flags did not answer within 30 s for " + jvm.pid());
                }
                String text = Files.readString(output);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("jcmd VM.flags failed for " + jvm.pid() + ": " + text);
                }
                Map<String, String> flags = new HashMap<>();
                Matcher matcher = FLAG.matcher(text);
                while (matcher.find()) {
                    String value = matcher.group(2) != null ? matcher.group(2) : String.valueOf(!matcher.group().startsWith("-XX:-"));
                    flags.put(matcher.group(1), value);
                }
                return flags;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The jcmd of the JDK the JVM runs on (a JDK attaches best to its own kind), else this test's JDK's. */
    private static Path jcmdFor(ProcessHandle jvm) {
        return jvm.info().command().map(java -> Path.of(java).resolveSibling("jcmd")).filter(Files::isExecutable)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "jcmd"));
    }
}
