package io.actiongate.deploy;

import io.actiongate.server.testing.FreePorts;
import io.actiongate.server.testing.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The agenda API as production runs it: the built quarkus-app in its own JVM, on PostgreSQL, validating tokens
 * against Keycloak's public URL.
 */
final class AgendaApiProcess implements AutoCloseable {

    private final Process process;
    private final String url;
    private final Path log;

    private AgendaApiProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static AgendaApiProcess start(PostgresServer postgres, String database, String publicAuthUrl) throws IOException {
        Path jar = Paths.get(System.getProperty("actiongate.api.jar", "../resource-server/target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No agenda API build at " + jar.toAbsolutePath() + ": run ./mvnw -DskipTests package");
        }
        int port = FreePorts.free();
        Path log = Paths.get("target", "agenda-api-" + port + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("API_PORT", String.valueOf(port));
        builder.environment().put("PUBLIC_AUTH_URL", publicAuthUrl);
        builder.environment().put("AGENDA_DB", "postgresql");
        builder.environment().put("AGENDA_DB_URL", postgres.jdbcUrl(database));
        builder.environment().put("AGENDA_DB_USER", PostgresServer.USER);
        AgendaApiProcess api = new AgendaApiProcess(builder.start(), "http://localhost:" + port, log);
        api.awaitReady();
        return api;
    }

    String url() {
        return url;
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            try {
                HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build();
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException("The agenda API did not start; see " + log + ":\n" + Files.readString(log));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
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
