package io.actiongate.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load balancer in front of a Keycloak cluster, reduced to what a cluster test needs: one public URL
 * (every node's hostname), requests spread round-robin, and a node that refuses connections is taken out for
 * a while and the request retried on the next one (what Caddy's {@code lb_try_duration} or any proxy's passive
 * health check does). Other failures reach the client as 502. A test can pin all traffic to one node.
 */
public final class FrontDoor implements AutoCloseable {

    private static final Duration NODE_DOWN_FOR = Duration.ofSeconds(10);
    /** Hop-by-hop headers and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<URI> nodes = new CopyOnWriteArrayList<>();
    private final Map<URI, Instant> downUntil = new ConcurrentHashMap<>();
    private final Map<URI, java.util.concurrent.atomic.AtomicInteger> answered = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile URI pinned;

    private FrontDoor(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port; add nodes before sending traffic. */
    public static FrontDoor start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.free()), 64);
            FrontDoor door = new FrontDoor(server);
            server.createContext("/", door::forward);
            server.setExecutor(door.executor);
            server.start();
            return door;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public URL: what every node is told its hostname is. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public void addNode(String baseUrl) {
        nodes.add(URI.create(baseUrl));
    }

    /** Sends everything to one node, up or not. */
    public void pin(String baseUrl) {
        pinned = URI.create(baseUrl);
    }

    /** How many requests the node has answered. */
    public int answeredBy(String baseUrl) {
        var count = answered.get(URI.create(baseUrl));
        return count == null ? 0 : count.get();
    }

    /** Back to round-robin over the nodes that are up. */
    public void balance() {
        pinned = null;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpResponse<byte[]> response = send(exchange, body);
            if (response == null) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] responseBody = response.body();
            boolean empty = responseBody.length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : responseBody.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(responseBody);
                }
            }
        }
    }

    /** The node's response, or null when no node could answer (the client sees 502). */
    private HttpResponse<byte[]> send(HttpExchange exchange, byte[] body) {
        List<URI> candidates = pinned != null ? List.of(pinned) : rotation();
        for (URI node : candidates) {
            HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            try {
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                answered.computeIfAbsent(node, ignored -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                return response;
            } catch (ConnectException e) {
                downUntil.put(node, Instant.now().plus(NODE_DOWN_FOR)); // refused: nothing was sent, try the next
            } catch (IOException e) {
                return null; // the node took the request and failed mid-way: not safe to repeat it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Nodes that are up, starting with the next in turn; every node if all seem down. */
    private List<URI> rotation() {
        Instant now = Instant.now();
        List<URI> up = nodes.stream().filter(node -> downUntil.getOrDefault(node, Instant.MIN).isBefore(now)).toList();
        List<URI> pool = up.isEmpty() ? List.copyOf(nodes) : up;
        int start = Math.floorMod(next.getAndIncrement(), pool.size());
        return java.util.stream.IntStream.range(0, pool.size()).mapToObj(i -> pool.get((start + i) % pool.size())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
