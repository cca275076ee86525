package io.actiongate.doctor;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.actiongate.server.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A misconfigured deployment the product cannot be made into: fixed answers (status, headers, body) by path, over
 * TLS as https://tools.example.com:port. A path with no answer is 404.
 */
final class StaticHttpsServer implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final HttpsServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

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
                exchange.getRequestBody().readAllBytes();
                Answer answer = statics.answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, Map.of(), ""));
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
        return "https://tools.example.com:" + server.getAddress().getPort();
    }

    StaticHttpsServer answer(String path, int status, String contentType, String body) {
        answers.put(path, new Answer(status, Map.of("Content-Type", contentType), body));
        return this;
    }

    StaticHttpsServer answer(String path, int status, Map<String, String> headers, String body) {
        answers.put(path, new Answer(status, headers, body));
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
