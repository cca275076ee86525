package io.actiongate.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Plays chatgpt.com's side of client ID metadata documents: an HTTPS server on loopback (a free port) whose
 * certificate, made here with the JDK's keytool for {@code localhost}, {@code rebind.test} and {@code 127.0.0.1}, the
 * Keycloak under test trusts through {@code KC_TRUSTSTORE_PATHS}. Each path answers what a test put there (a
 * document, a redirect, a slow or oversized answer) and counts the requests it got.
 */
public final class MetadataDocumentServer implements AutoCloseable {

    /** What one path answers. */
    public record Route(int status, Map<String, String> headers, byte[] body, long delayMillis) {
        public static Route json(String body, String cacheControl) {
            return new Route(200, Map.of("Content-Type", "application/json", "Cache-Control", cacheControl),
                    body.getBytes(StandardCharsets.UTF_8), 0);
        }
    }

    /** ChatGPT's client ID metadata document as published (shared/chatgpt-oauth.md), byte for byte. */
    public static final String CHATGPTS_DOCUMENT = "{\"client_id\":\"https://chatgpt.com/oauth/IbUR3zxyNQ16/client.json\",\"client_uri\":\"https://chatgpt.com/\",\n"
            + " \"redirect_uris\":[\"https://chatgpt.com/connector/oauth/IbUR3zxyNQ16\"],\n"
            + " \"token_endpoint_auth_method\":\"private_key_jwt\",\"token_endpoint_auth_methods_supported\":[\"none\",\"private_key_jwt\"],\n"
            + " \"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],\"client_name\":\"ChatGPT\",\n"
            + " \"token_endpoint_auth_signing_alg\":\"RS256\",\"jwks_uri\":\"https://chatgpt.com/oauth/jwks.json\"}";
    /** Where a document's keys are served ({@code jwks_uri}), on this server. */
    public static final String JWKS_PATH = "/oauth/jwks.json";

    private final HttpsServer server;
    private final Path certificatePem;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private MetadataDocumentServer(HttpsServer server, Path certificatePem) {
        this.server = server;
        this.certificatePem = certificatePem;
    }

    public static MetadataDocumentServer start() {
        try {
            Path dir = Files.createTempDirectory("actiongate-documents-");
            Path keystore = dir.resolve("server.p12");
            Path pem = dir.resolve("server.pem");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-alias", "documents", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,dns:rebind.test,ip:127.0.0.1",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
            run(keytool, "-exportcert", "-rfc", "-alias", "documents", "-keystore", keystore.toString(),
                    "-storepass", "changeit", "-file", pem.toString());

            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "changeit".toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);

            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.setExecutor(Executors.newCachedThreadPool());
            MetadataDocumentServer documents = new MetadataDocumentServer(server, pem);
            server.createContext("/", documents::answer);
            server.start();
            return documents;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the HTTPS document server", e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
        Route route = routes.getOrDefault(path, new Route(404, Map.of(), new byte[0], 0));
        try (exchange) {
            if (route.delayMillis() > 0) {
                Thread.sleep(route.delayMillis());
            }
            route.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(route.status(), route.body().length == 0 ? -1 : route.body().length);
            if (route.body().length > 0) {
                exchange.getResponseBody().write(route.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the fetcher gave up first (deadline, size limit): nothing to answer
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://<host>:<port>}. */
    public String origin(String host) {
        return "https://" + host + ":" + port();
    }

    /**
     * ChatGPT's document with its own URLs ({@code client_id}, {@code jwks_uri}) on this server's
     * {@code https://localhost:<port>}, and another connector id in place of ChatGPT's: nothing else changed.
     */
    public String chatGptsDocument(String connectorId) {
        return CHATGPTS_DOCUMENT.replace("https://chatgpt.com/oauth/", origin("localhost") + "/oauth/")
                .replace("IbUR3zxyNQ16", connectorId);
    }

    /** The URL {@link #chatGptsDocument} names as its client_id, and is to be served at ({@link #documentPath}). */
    public String documentUrl(String connectorId) {
        return origin("localhost") + documentPath(connectorId);
    }

    public static String documentPath(String connectorId) {
        return "/oauth/" + connectorId + "/client.json";
    }

    public Path certificatePem() {
        return certificatePem;
    }

    public void put(String path, Route route) {
        routes.put(path, route);
    }

    public int requestsTo(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** An RSA key a client signs its token requests with ({@code private_key_jwt}), and its JWKS. */
    public record SigningKey(String kid, KeyPair pair) {
        public static SigningKey generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return new SigningKey(UUID.randomUUID().toString(), generator.generateKeyPair());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public String jwks() {
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                    + base64Url(unsigned(key.getModulus())) + "\",\"e\":\"" + base64Url(unsigned(key.getPublicExponent())) + "\"}]}";
        }

        /** The private key as PKCS #8 PEM, for a client written in another language (the MCP SDK's). */
        public String privateKeyPem() {
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        }

        /** RFC 7523 client assertion: iss = sub = the client id, aud = the token endpoint, RS256. */
        public String clientAssertion(String clientId, String tokenUrl) {
            long now = System.currentTimeMillis() / 1000;
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
            String claims = "{\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId + "\",\"aud\":\"" + tokenUrl
                    + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
            String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64Url(claims.getBytes(StandardCharsets.UTF_8));
            try {
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(pair.getPrivate());
                rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + base64Url(rsa.sign());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] unsigned(BigInteger value) {
            byte[] bytes = value.toByteArray();
            return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        }

        private static String base64Url(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
