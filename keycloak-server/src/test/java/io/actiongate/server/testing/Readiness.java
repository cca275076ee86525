package io.actiongate.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Waiting for a server the tests started: until its probes answer 200, or it exits, or time runs out. */
public final class Readiness {

    private Readiness() {
    }

    /**
     * Waits until each probe answers 200, in order. Throws, with {@code diagnostics} (say, the log's last lines)
     * in the message, when the process exits first or the timeout passes.
     */
    public static void awaitHttp200(String name, Process process, List<URI> probes, Duration timeout,
                                    Supplier<String> diagnostics) {
        // HTTP/1.1: a probe of a proxy must not hang in an h2c upgrade (seen with Caddy and the JDK 17 client).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        for (URI probe : probes) {
            while (!answers200(http, probe)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue()
                            + " before it was ready:\n" + diagnostics.get());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(name + " not ready within " + timeout + " at " + probe + ":\n"
                            + diagnostics.get());
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static boolean answers200(HttpClient http, URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
