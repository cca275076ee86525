package io.actiongate.server.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.actiongate.server.testing.Throughput;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;
import org.keycloak.representations.idm.ClientRepresentation;
import org.junit.jupiter.api.Test;

/**
 * What ActionGate's extensions cost on the token endpoint: refresh grants per second for the realm's GPT client
 * (ChatGPT token response mapper + the chatgpt client profile's executors) against a copy of it without them, and
 * for the predefined connector client, whose refresh tokens rotate, on one staged Keycloak, in rounds that take
 * turns so that drift hits all three alike.
 *
 * <p>Run: {@code ./mvnw -Pbenchmark verify -pl keycloak-server -am}. Tunable with system properties
 * {@code benchmark.rounds} (6), {@code benchmark.seconds} (10 per round and client), {@code benchmark.threads} (4).
 * Prints the figures and writes them to {@code keycloak-server/target/benchmark-results.txt}.
 */
class TokenEndpointBenchmark {

    private record Client(String name, String clientId, String secret, String refreshToken) {
    }

    private static final String CONNECTOR = "connector, rotating";
    private static final String PLAIN_CALLBACK = "https://benchmark.example/callback";
    private static final String PLAIN_CONNECTOR = "connector copy outside ActionGate";
    /** The refresh token in a token response (a JSON parser per request would load the benchmark's own side). */
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");
    private static final String CONNECTOR_RESOURCE = StagedKeycloak.TEST_API_URL + "/mcp";

    @Test
    void refreshGrantWithAndWithoutTheExtensions() throws Exception {
        StagedKeycloak keycloak = StagedKeycloak.shared();
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);

        Client extended = signedIn(keycloak, "with extensions", keycloak.settings().clientId(), keycloak.settings().clientSecret(), TestCallbacks.APPROVED);
        String plainId = "plain-gpt";
        String plainSecret = RealmSettings.randomSecret();
        // A copy keeps the realm's own settings (the broker's read-token in its tokens included): only the
        // extensions differ.
        admin.createClientLike(keycloak.settings().clientId(), plainId, plainSecret, TokenEndpointBenchmark::withoutExtensions);
        Client plain = signedIn(keycloak, "without extensions", plainId, plainSecret, PLAIN_CALLBACK);

        String[] connectorTokens = connections(new McpConnector(keycloak));
        // The same connector client, public, outside ActionGate (a callback that is not ChatGPT's): no rotation, no
        // allow-list, no token claims check; driven the same way.
        String plainConnectorId = "plain-connector";
        admin.createClientLike(McpConnector.CLIENT_ID, plainConnectorId, null, client -> {
            Map<String, String> attributes = new HashMap<>(client.getAttributes());
            attributes.remove("actiongate.connector");
            attributes.remove("actiongate.gpt-client");
            attributes.remove("actiongate.callbacks");
            client.setAttributes(attributes);
            client.setRedirectUris(List.of(PLAIN_CALLBACK));
            return client;
        });
        String[] plainConnectorTokens = connections(new McpConnector(keycloak, plainConnectorId, PLAIN_CALLBACK));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI tokenUrl = URI.create(keycloak.tokenUrl());
        Map<String, String> loads = new LinkedHashMap<>();
        loads.put(extended.name(), extended.name());
        loads.put(plain.name(), plain.name());
        loads.put(CONNECTOR, CONNECTOR);
        loads.put(PLAIN_CONNECTOR, PLAIN_CONNECTOR);
        Throughput.Load<String> load = (name, duration, label) -> switch (name) {
            case CONNECTOR -> chainedRefreshes(http, tokenUrl, McpConnector.CLIENT_ID, connectorTokens, duration);
            case PLAIN_CONNECTOR -> chainedRefreshes(http, tokenUrl, plainConnectorId, plainConnectorTokens, duration);
            default -> Throughput.measure(http, refreshRequest(tokenUrl, name.equals(extended.name()) ? extended : plain), duration, label);
        };
        Throughput.warmUp(loads, Throughput.ROUND, load);
        Map<String, List<Double>> rates = Throughput.rotating(loads, load);
        List<Double> withRates = rates.get(extended.name());
        List<Double> withoutRates = rates.get(plain.name());
        List<Double> connectorRates = rates.get(CONNECTOR);
        List<Double> plainConnectorRates = rates.get(PLAIN_CONNECTOR);

        double with = Throughput.median(withRates);
        double without = Throughput.median(withoutRates);
        double rotating = Throughput.median(connectorRates);
        double plainConnector = Throughput.median(plainConnectorRates);
        String report = String.format(
                "Token endpoint, refresh grant, %d threads, %d rounds of %ds per client (median of rounds):%n"
                        + "  with extensions    %8.1f req/s   rounds %s%n"
                        + "  without extensions %8.1f req/s   rounds %s%n"
                        + "  connector, rotating %7.1f req/s   rounds %s%n"
                        + "  connector copy outside ActionGate %7.1f req/s   rounds %s%n"
                        + "  ratio (with / without) %.3f%n"
                        + "  ratio (connector / GPT client with extensions) %.3f%n"
                        + "  ratio (connector / its copy outside ActionGate) %.3f%n",
                Throughput.THREADS, Throughput.ROUNDS, Throughput.ROUND.toSeconds(), with, Throughput.format(withRates),
                without, Throughput.format(withoutRates), rotating, Throughput.format(connectorRates),
                plainConnector, Throughput.format(plainConnectorRates), with / without, rotating / with, rotating / plainConnector);
        System.out.print(report);
        Path results = Paths.get("target", "benchmark-results.txt");
        Files.writeString(results, report);
        assertThat(with).as("the benchmark measured something").isPositive();
        assertThat(without).isPositive();
        assertThat(rotating).isPositive();
    }

    /** One connection per benchmark thread: each refresh spends its token, so a thread goes on with the one it got back. */
    private static String[] connections(McpConnector connector) {
        String[] tokens = new String[Throughput.THREADS];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = connector.connect(CONNECTOR_RESOURCE, McpConnector.ALL_SCOPES).then().statusCode(200)
                    .extract().path("refresh_token");
        }
        return tokens;
    }

    /**
     * Refreshes per second of a public connector client, as ChatGPT sends them: each thread holds one connection and
     * refreshes with the token the previous refresh returned. Every answer must be 200.
     */
    private static double chainedRefreshes(HttpClient http, URI tokenUrl, String clientId, String[] tokens, Duration duration) throws Exception {
        return Throughput.measure(duration, clientId, slot -> {
            String body = "grant_type=refresh_token&client_id=" + clientId + "&resource=" + encode(CONNECTOR_RESOURCE)
                    + "&refresh_token=" + encode(tokens[slot]);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokenUrl)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher issued = REFRESH_TOKEN.matcher(response.body());
            if (response.statusCode() == 200 && issued.find()) {
                tokens[slot] = issued.group(1);
            }
            return response.statusCode();
        });
    }

    @SuppressWarnings("unchecked")
    private static ClientRepresentation withoutExtensions(ClientRepresentation client) {
        Map<String, String> attributes = new HashMap<>(client.getAttributes());
        attributes.remove("actiongate.gpt-client"); // no client policy: no executors
        attributes.remove("actiongate.callbacks");
        client.setAttributes(attributes);
        // Not a ChatGPT callback: a client that could reach ChatGPT is under the allow-list whatever its attributes.
        client.setRedirectUris(List.of(PLAIN_CALLBACK));
        client.setProtocolMappers(client.getProtocolMappers().stream()
                .filter(mapper -> !"chatgpt-token-response".equals(mapper.getProtocolMapper())).toList());
        return client;
    }

    private static Client signedIn(StagedKeycloak keycloak, String name, String clientId, String secret, String redirectUri) {
        ChatGpt chatGpt = new ChatGpt(keycloak, clientId, secret);
        ChatGpt.Callback callback = chatGpt.signIn(redirectUri, "benchmark", "openid offline_access");
        String refreshToken = chatGpt.exchangeCode(callback.code(), redirectUri, TokenExchangeMethod.POST_BODY)
                .then().statusCode(200).extract().path("refresh_token");
        return new Client(name, clientId, secret, refreshToken);
    }

    /** The refresh grant ChatGPT sends for this client's session. */
    private static HttpRequest refreshRequest(URI tokenUrl, Client client) {
        String body = "grant_type=refresh_token&client_id=" + encode(client.clientId()) + "&client_secret="
                + encode(client.secret()) + "&refresh_token=" + encode(client.refreshToken());
        return HttpRequest.newBuilder(tokenUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
