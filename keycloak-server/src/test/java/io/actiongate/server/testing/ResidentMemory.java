package io.actiongate.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** A process's resident memory, as the benchmarks report it. */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /**
     * {@code VmRSS} from /proc of the process and its descendants (a launcher script may run the JVM as its child),
     * in MiB; -1 where /proc has no such file (not Linux, or the process is gone).
     */
    public static long mebibytes(Process process) {
        long kibibytes = kibibytes(process.pid());
        if (kibibytes < 0) {
            return -1;
        }
        for (ProcessHandle child : process.descendants().toList()) {
            kibibytes += Math.max(0, kibibytes(child.pid()));
        }
        return kibibytes / 1024;
    }

    private static long kibibytes(long pid) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
