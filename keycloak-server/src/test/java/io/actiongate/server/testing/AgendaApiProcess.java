package io.actiongate.server.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agenda API as production runs it: the built quarkus-app in its own JVM, on PostgreSQL, validating tokens
 * against Keycloak's public URL; or on its default H2 database in a data directory of its own. The build's
 * location is the system property {@code actiongate.api.jar} (the modules that use this set it).
 */
public final class AgendaApiProcess implements AutoCloseable {

    private final Process process;
    private final String url;
    private final Path log;

    private AgendaApiProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    public static AgendaApiProcess start(PostgresServer postgres, String database, String publicAuthUrl) throws IOException {
        return start(postgres, database, publicAuthUrl, java.util.Map.of());
    }

    /** The same with more settings, such as the PUBLIC_API_URL of the front door several instances share. */
    public static AgendaApiProcess start(PostgresServer postgres, String database, String publicAuthUrl,
                                         java.util.Map<String, String> settings) throws IOException {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("AGENDA_DB", "postgresql");
        env.put("AGENDA_DB_URL", postgres.jdbcUrl(database));
        env.put("AGENDA_DB_USER", PostgresServer.USER);
        env.putAll(settings);
        return start(publicAuthUrl, env);
    }

    /** On the API's default database (H2 under a fresh DATA_DIR), with the given settings. */
    public static AgendaApiProcess start(String publicAuthUrl, java.util.Map<String, String> settings) throws IOException {
        Path jar = Paths.get(System.getProperty("actiongate.api.jar", "../resource-server/target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No agenda API build at " + jar.toAbsolutePath() + ": run ./mvnw -DskipTests package");
        }
        int port = settings.containsKey("API_PORT") ? Integer.parseInt(settings.get("API_PORT")) : FreePorts.free();
        Path log = Paths.get("target", "agenda-api-" + port + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        // Through the API's own launcher, as bin/start, systemd and the image start it (its memory limits included).
        ProcessBuilder builder = new ProcessBuilder("bash", jar.toAbsolutePath().resolveSibling("agenda-api.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("API_PORT", String.valueOf(port));
        builder.environment().put("PUBLIC_AUTH_URL", publicAuthUrl);
        builder.environment().put("DATA_DIR", Files.createTempDirectory("actiongate-api-").toString());
        builder.environment().putAll(settings);
        AgendaApiProcess api = new AgendaApiProcess(builder.start(), "http://localhost:" + port, log);
        api.awaitReady();
        return api;
    }

    public String url() {
        return url;
    }

    /** The JVM's command line after its executable (the launcher execs java, so this process is the JVM). */
    public List<String> jvmArguments() {
        return process.info().arguments().map(List::of).orElseThrow();
    }

    /** The process's resident memory in MiB. */
    public long residentMebibytes() {
        return ResidentMemory.mebibytes(process);
    }

    /** Waits until {@code probe} (say, the API's TLS port under its public name) answers 200 too. */
    public void awaitAnswer(URI probe) {
        Readiness.awaitHttp200("The agenda API at " + probe, process, List.of(probe), Duration.ofMinutes(1), this::logText);
    }

    private void awaitReady() {
        try {
            Readiness.awaitHttp200("The agenda API", process, List.of(URI.create(url + "/q/health/ready")),
                    Duration.ofMinutes(1), this::logText);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    /**
     * How many requests with this method and path the instance logged; needs its HTTP access log
     * ({@code QUARKUS_HTTP_ACCESS_LOG_ENABLED=true}).
     */
    public long requestsLogged(String method, String path) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("\"" + method + " " + path + " ")).count();
        }
    }

    private String logText() {
        try {
            return log + ":\n" + Files.readString(log);
        } catch (IOException e) {
            return "see " + log;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
