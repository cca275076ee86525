package io.actiongate.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** What the deployment tests share: the tools they run, and stopping what they started. */
final class Parts {

    private Parts() {
    }

    /** A tool the test runs (Debian's docker-compose, caddy, ...): CI installs it; elsewhere a loud skip. */
    static void assumeTool(String command, String debianPackage) {
        boolean present = Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Paths.get(dir, command)));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(command + " is not installed (.ci/run installs Debian's " + debianPackage + ")");
        }
        if (!present) {
            System.out.println("[actiongate] SKIPPED: " + command + " is not installed (apt-get install " + debianPackage + ")");
        }
        assumeTrue(present, command + " is not installed");
    }

    /** Stops what a test started, in the order given, each even if another fails to stop. */
    static void stopAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.out.println("[actiongate] stopping " + part + " failed: " + e);
            }
        }
    }
}
