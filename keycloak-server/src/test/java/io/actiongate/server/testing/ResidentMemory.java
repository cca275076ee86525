package io.actiongate.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** A process's resident memory, as the benchmarks report it. */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** {@code VmRSS} from /proc, in MiB; -1 where /proc has no such file (not Linux, or the process is gone). */
    public static long mebibytes(Process process) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
