package io.actiongate.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(jvm.pid()), "VM.flags")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd VM.flags failed for " + jvm.pid() + ": " + output);
            }
            Map<String, String> flags = new HashMap<>();
            Matcher matcher = FLAG.matcher(output);
            while (matcher.find()) {
                String value = matcher.group(2) != null ? matcher.group(2) : String.valueOf(!matcher.group().startsWith("-XX:-"));
                flags.put(matcher.group(1), value);
            }
            return flags;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
