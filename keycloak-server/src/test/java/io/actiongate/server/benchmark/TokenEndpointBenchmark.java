package io.actiongate.server.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.representations.idm.ClientRepresentation;
import org.junit.jupiter.api.Test;

/**
 * What ActionGate's extensions cost on the token endpoint: refresh grants per second for the realm's GPT client
 * (ChatGPT token response mapper + the chatgpt client profile's executors) against a copy of it without them,
 * on one staged Keycloak, in alternating rounds so that drift hits both alike.
 *
 * <p>Run: {@code ./mvnw -Pbenchmark verify -pl keycloak-server -am}. Tunable with system properties
 * {@code benchmark.rounds} (6), {@code benchmark.seconds} (10 per round and client), {@code benchmark.threads} (4).
 * Prints the figures and writes them to {@code keycloak-server/target/benchmark-results.txt}.
 */
class TokenEndpointBenchmark {

    private record Client(String name, String clientId, String secret, String refreshToken) {
    }

    @Test
    void refreshGrantWithAndWithoutTheExtensions() throws Exception {
        StagedKeycloak keycloak = StagedKeycloak.shared();
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);

        Client extended = signedIn(keycloak, "with extensions", keycloak.settings().clientId(), keycloak.settings().clientSecret());
        String plainId = "plain-gpt";
        String plainSecret = RealmSettings.randomSecret();
        // A copy keeps the realm's own settings (the broker's read-token in its tokens included): only the
        // extensions differ.
        admin.createClientLike(keycloak.settings().clientId(), plainId, plainSecret, TokenEndpointBenchmark::withoutExtensions);
        Client plain = signedIn(keycloak, "without extensions", plainId, plainSecret);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI tokenUrl = URI.create(keycloak.tokenUrl());
        Throughput.Comparison rates = Throughput.alternating(http, refreshRequest(tokenUrl, extended), extended.name(),
                refreshRequest(tokenUrl, plain), plain.name());
        List<Double> withRates = rates.first();
        List<Double> withoutRates = rates.second();

        double with = Throughput.median(withRates);
        double without = Throughput.median(withoutRates);
        String report = String.format(
                "Token endpoint, refresh grant, %d threads, %d rounds of %ds per client (median of rounds):%n"
                        + "  with extensions    %8.1f req/s   rounds %s%n"
                        + "  without extensions %8.1f req/s   rounds %s%n"
                        + "  ratio (with / without) %.3f%n",
                Throughput.THREADS, Throughput.ROUNDS, Throughput.ROUND.toSeconds(), with, Throughput.format(withRates), without, Throughput.format(withoutRates), with / without);
        System.out.print(report);
        Path results = Paths.get("target", "benchmark-results.txt");
        Files.writeString(results, report);
        assertThat(with).as("the benchmark measured something").isPositive();
        assertThat(without).isPositive();
    }

    @SuppressWarnings("unchecked")
    private static ClientRepresentation withoutExtensions(ClientRepresentation client) {
        Map<String, String> attributes = new HashMap<>(client.getAttributes());
        attributes.remove("actiongate.gpt-client"); // no client policy: no executors
        attributes.remove("actiongate.callbacks");
        client.setAttributes(attributes);
        client.setRedirectUris(List.of(TestCallbacks.APPROVED));
        client.setProtocolMappers(client.getProtocolMappers().stream()
                .filter(mapper -> !"chatgpt-token-response".equals(mapper.getProtocolMapper())).toList());
        return client;
    }

    private static Client signedIn(StagedKeycloak keycloak, String name, String clientId, String secret) {
        ChatGpt chatGpt = new ChatGpt(keycloak, clientId, secret);
        ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "benchmark", "openid offline_access");
        String refreshToken = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
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
