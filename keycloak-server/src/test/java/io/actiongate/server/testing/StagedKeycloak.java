package io.actiongate.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The staged ActionGate Keycloak (keycloak-server/target/keycloak), started the way bin/start starts it:
 * through bin/actiongate-keycloak.sh, on free ports, with its own H2 data directory; or the same server built
 * for PostgreSQL (target/keycloak-postgres), given its database through KC_DB_* variables.
 */
public final class StagedKeycloak implements KeycloakUnderTest {

    /** The two builds of the staged server; system properties name them (the build sets them, a developer may too). */
    public enum Build {
        H2("actiongate.keycloak.home", "keycloak-server/target/keycloak"),
        POSTGRES("actiongate.keycloak.postgres.home", "keycloak-server/target/keycloak-postgres");

        private final String homeProperty;
        private final String defaultHome;

        Build(String homeProperty, String defaultHome) {
            this.homeProperty = homeProperty;
            this.defaultHome = defaultHome;
        }

        Path home() {
            String configured = System.getProperty(homeProperty);
            Path home = configured != null ? Paths.get(configured) : Paths.get(defaultHome);
            if (!Files.isExecutable(home.resolve("bin/kc.sh")) || !Files.exists(home.resolve("bin/actiongate-keycloak.sh"))) {
                throw new IllegalStateException("No staged Keycloak at " + home.toAbsolutePath()
                        + ": build it first with ./mvnw verify (or ./mvnw -DskipTests package)");
            }
            return home;
        }
    }

    /**
     * PUBLIC_API_URL of the shared server, so its MCP resource is {@code https://agenda.example.test/mcp}: the public
     * URL the in-process API tests give the API (resource-server's %test profile).
     */
    public static final String TEST_API_URL = "https://agenda.example.test";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private static StagedKeycloak shared;
    /** How often the shared server runs Keycloak's scheduled clean-up tasks. */
    public static final int SCHEDULED_TASK_SECONDS = 3;
    /**
     * A compiler threshold the shared server sets in JAVA_OPTS_APPEND, which must win over the launcher's 400000
     * (KeycloakJvmOptionsIT); it changes nothing a test could notice.
     */
    public static final String SHARED_BACK_EDGE_THRESHOLD = "300000";
    /** REFRESH_REUSE_GRACE of the shared server: short, so a test can wait it out. */
    public static final int REFRESH_REUSE_GRACE_SECONDS = 5;

    private final Process process;
    private final String baseUrl;
    private final int managementPort;
    private final RealmSettings settings;
    private final Path log;
    private final Path dataDir;

    private StagedKeycloak(Process process, String baseUrl, int managementPort, RealmSettings settings, Path log, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
        this.managementPort = managementPort;
        this.baseUrl = baseUrl;
        this.settings = settings;
        this.log = log;
    }

    /** One server for the whole test JVM: started on first use, stopped when the JVM exits. */
    public static synchronized StagedKeycloak shared() {
        if (shared == null) {
            // Both ways connectors register themselves are open here; the default is cimd alone. Keycloak's clean-up
            // tasks (expired events, admin events) run every few seconds instead of every 15 minutes, and a spent
            // refresh token's grace window is seconds, so a test can watch them work.
            shared = start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES), Map.of("PUBLIC_API_URL", TEST_API_URL,
                    "MCP_REGISTRATION", "cimd,dcr", "KC_SPI_SCHEDULED__INTERVAL", String.valueOf(SCHEDULED_TASK_SECONDS),
                    "REFRESH_REUSE_GRACE", String.valueOf(REFRESH_REUSE_GRACE_SECONDS),
                    "JAVA_OPTS_APPEND", "-XX:Tier4BackEdgeThreshold=" + SHARED_BACK_EDGE_THRESHOLD));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-staged-keycloak"));
        }
        return shared;
    }

    /**
     * Starts a server of its own; {@code extraEnvironment} adds or overrides variables (for example a
     * DATA_DIR to reuse).
     */
    public static StagedKeycloak start(RealmSettings settings, Map<String, String> extraEnvironment) {
        return start(Build.H2, settings, extraEnvironment);
    }

    /**
     * Starts the given build; PUBLIC_AUTH_URL defaults to this node's own URL, as on a single server. An H2 server
     * with a fresh DATA_DIR starts from the {@link SeedDatabase} (its {@link #settings()} then name the seed's admin).
     */
    public static StagedKeycloak start(Build build, RealmSettings settings, Map<String, String> extraEnvironment) {
        Path home = build.home();
        try {
            Path dataDir = Files.createTempDirectory("actiongate-keycloak-");
            if (build == Build.H2 && !extraEnvironment.containsKey("DATA_DIR")) {
                settings = SeedDatabase.copyInto(home, dataDir, settings);
            }
            return launch(home, dataDir, settings, extraEnvironment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the staged server at {@code home} on free ports with the given DATA_DIR and waits until it is ready. */
    static StagedKeycloak launch(Path home, Path dataDir, RealmSettings settings, Map<String, String> extraEnvironment) {
        int httpPort = FreePorts.free();
        int managementPort = FreePorts.freeBesides(httpPort);
        String baseUrl = "http://localhost:" + httpPort;
        Path log = logFor(httpPort);
        try {
            ProcessBuilder builder = launcher(home, dataDir, settings, extraEnvironment, httpPort, managementPort, log);
            Instant started = Instant.now();
            StagedKeycloak keycloak = new StagedKeycloak(builder.start(), baseUrl, managementPort, settings, log, dataDir);
            keycloak.awaitReady(managementPort);
            System.out.printf("[actiongate] staged Keycloak ready at %s after %d ms (log: %s)%n", baseUrl,
                    Duration.between(started, Instant.now()).toMillis(), log);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the H2 build on an existing DATA_DIR (in {@code extraEnvironment}) where it must refuse to start: waits
     * until the server has stopped by itself and returns its log. Fails if it exits without an error or does not stop
     * in time (Keycloak listens before it sets up its realms, so a refused start has its HTTP port open for a while).
     */
    public static String refusedStart(RealmSettings settings, Map<String, String> extraEnvironment) {
        int httpPort = FreePorts.free();
        Path log = logFor(httpPort);
        Path dataDir = Paths.get(extraEnvironment.get("DATA_DIR"));
        try {
            Process process = launcher(Build.H2.home(), dataDir, settings, extraEnvironment, httpPort, FreePorts.freeBesides(httpPort), log).start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("Keycloak neither started nor stopped within " + START_TIMEOUT + " (log: " + log + ")");
            }
            String text = Files.readString(log);
            if (process.exitValue() == 0) {
                throw new IllegalStateException("Keycloak stopped without an error (exit "
                        + process.exitValue() + "); log: " + log);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path logFor(int httpPort) {
        Path log = Paths.get("target", "keycloak-" + httpPort + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    private static ProcessBuilder launcher(Path home, Path dataDir, RealmSettings settings, Map<String, String> extraEnvironment,
                                           int httpPort, int managementPort, Path log) {
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/actiongate-keycloak.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_"));
        env.putAll(settings.environment());
        env.put("AUTH_PORT", String.valueOf(httpPort));
        env.put("AUTH_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("DATA_DIR", dataDir.toString());
        env.put("PUBLIC_AUTH_URL", "http://localhost:" + httpPort);
        env.putAll(extraEnvironment);
        return builder;
    }

    private void awaitReady(int managementPort) {
        List<URI> probes = List.of(URI.create("http://localhost:" + managementPort + "/health/ready"),
                URI.create(realmUrl() + "/.well-known/openid-configuration"));
        try {
            Readiness.awaitHttp200("Keycloak", process, probes, START_TIMEOUT, () -> "last lines of " + log + ":\n" + tail());
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }


    @Override
    public String baseUrl() {
        return baseUrl;
    }

    /** The management port (/health, /metrics), which a proxy's health checks use. */
    public int managementPort() {
        return managementPort;
    }

    /** The server's resident memory in MiB (the launcher's processes and Keycloak's JVM). */
    public long residentMebibytes() {
        return ResidentMemory.mebibytes(process);
    }

    /** Keycloak's JVM: the launcher execs into kc.sh, which runs java as its child (or execs it). */
    public ProcessHandle jvm() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no java process under " + process.pid()));
    }

    public Path log() {
        return log;
    }

    /** Its DATA_DIR: a later server started with it runs on the same data. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public RealmSettings settings() {
        return settings;
    }

    /** Kills the server the way a crash or a lost machine would: SIGKILL, no shutdown hook runs. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server the way Ctrl-C would (SIGTERM), forcibly if it does not stop in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
