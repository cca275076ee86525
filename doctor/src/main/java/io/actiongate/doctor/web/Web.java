package io.actiongate.doctor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * HTTP as ChatGPT and the user's browser speak it: TLS checked with the JVM's standard trust and host-name
 * verification (what a public client trusts), redirects never followed (each hop is looked at, and a callback on
 * chatgpt.com is read, not visited), cookies kept per host like a browser's. One instance is one browser.
 */
public final class Web {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ChatGPT gives an API call 45 s; a server slower than this here would fail there too. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A request that got no HTTP answer: refused, timed out, or a TLS failure. */
    public static final class Unreachable extends Exception {
        private final boolean tls;

        Unreachable(String message, boolean tls) {
            super(message);
            this.tls = tls;
        }

        /** True when the TLS handshake failed: an untrusted or wrong certificate, or no TLS at all. */
        public boolean tls() {
            return tls;
        }
    }

    /** An HTTP answer. */
    public record Answer(URI uri, int status, Map<String, java.util.List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }

        /** The body as JSON, or empty when it is not a JSON document. */
        public Optional<JsonNode> json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        public boolean redirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        /** The redirect's target, resolved against this answer's URL. */
        public Optional<URI> location() {
            return header("Location").map(uri::resolve);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER))
            .build();

    public Answer get(String url) throws Unreachable {
        return send(request(url).GET().build());
    }

    public Answer get(String url, String bearerToken) throws Unreachable {
        return send(request(url).header("Authorization", "Bearer " + bearerToken).GET().build());
    }

    /** A form-encoded POST, optionally with a Basic header (RFC 6749 2.3.1: both parts form-encoded first). */
    public Answer postForm(String url, Map<String, String> form, String basicUser, String basicPassword) throws Unreachable {
        HttpRequest.Builder request = request(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        if (basicUser != null) {
            String credentials = encode(basicUser) + ":" + encode(basicPassword);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    public Answer postForm(String url, Map<String, String> form) throws Unreachable {
        return postForm(url, form, null, null);
    }

    /** A JSON POST with the given headers (an MCP message, a registration request). */
    public Answer postJson(String url, String json, Map<String, String> headers) throws Unreachable {
        HttpRequest.Builder request = request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A POST of any content type (the probe that tells ActionGate from another server). */
    public Answer post(String url, String contentType, String body) throws Unreachable {
        return send(request(url).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Answer delete(String url, String bearerToken) throws Unreachable {
        return send(request(url).header("Authorization", "Bearer " + bearerToken).DELETE().build());
    }

    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(String url) throws Unreachable {
        try {
            return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json, text/html;q=0.9, */*;q=0.8")
                    .header("User-Agent", "ActionGate-doctor");
        } catch (IllegalArgumentException e) {
            throw new Unreachable("not a valid URL: " + url, false);
        }
    }

    private Answer send(HttpRequest request) throws Unreachable {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(request.uri(), response.statusCode(), response.headers().map(), response.body());
        } catch (SSLException e) {
            throw new Unreachable("TLS with " + request.uri().getHost() + " failed: " + rootMessage(e), true);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new Unreachable(request.uri().getHost() + " did not answer: " + rootMessage(e), root instanceof SSLException);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", false);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
