package io.actiongate.doctor;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.actiongate.doctor.web.SignIn;
import io.actiongate.server.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A misconfigured deployment the product cannot be made into: answers by path (fixed, or computed from the
 * request), over TLS as https://tools.example.com:port (and every other test name, all on one certificate). A path
 * with no answer is 404.
 */
final class StaticHttpsServer implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }
    }

    /** What a handler sees: the method, the query and form parameters (decoded), the headers and the body. */
    record Request(String method, Map<String, String> query, Map<String, String> form, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpsServer server;
    private final Map<String, Function<Request, Answer>> answers = new ConcurrentHashMap<>();

    private StaticHttpsServer(HttpsServer server) {
        this.server = server;
    }

    static StaticHttpsServer start() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestTls.keyStore())) {
            keyStore.load(in, TestTls.PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, TestTls.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", FreePorts.free()), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        StaticHttpsServer statics = new StaticHttpsServer(server);
        server.createContext("/", exchange -> {
            try (exchange) {
                String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
                Request request = new Request(exchange.getRequestMethod(), SignIn.query(exchange.getRequestURI()),
                        contentType.startsWith("application/x-www-form-urlencoded") ? SignIn.query(URI.create("?" + requestBody)) : Map.of(),
                        exchange.getRequestHeaders(), requestBody);
                Answer answer = statics.answers.getOrDefault(exchange.getRequestURI().getPath(), any -> new Answer(404, Map.of(), ""))
                        .apply(request);
                answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
        return statics;
    }

    /** https://tools.example.com:port */
    String url() {
        return url("tools.example.com");
    }

    /** The name given, on this server's port: https://{host}:port. */
    String url(String host) {
        return "https://" + host + ":" + server.getAddress().getPort();
    }

    StaticHttpsServer answer(String path, int status, String contentType, String body) {
        return answer(path, status, Map.of("Content-Type", contentType), body);
    }

    StaticHttpsServer answer(String path, int status, Map<String, String> headers, String body) {
        Answer answer = new Answer(status, headers, body);
        return handle(path, request -> answer);
    }

    StaticHttpsServer handle(String path, Function<Request, Answer> handler) {
        answers.put(path, handler);
        return this;
    }

    /** The handler now at {@code path}, for a test that wraps it. */
    Function<Request, Answer> handler(String path) {
        return answers.getOrDefault(path, any -> new Answer(404, Map.of(), ""));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
