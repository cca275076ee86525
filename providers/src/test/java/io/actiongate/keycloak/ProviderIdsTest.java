package io.actiongate.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;

/**
 * The naming scheme of every provider ActionGate registers (docs/configuration.md, "Names"), so a new one cannot
 * drift from it: {@code chatgpt-*} for what is stored in a realm by id (executors, the condition, the mapper, the
 * registration policy), {@code actiongate-*} for the plumbing no realm stores, and three published names kept as
 * they are: the {@code chatgpt} URL segment of the token endpoint and of the admin API, and the console page.
 */
class ProviderIdsTest {

    private static final Map<String, String> PUBLISHED = Map.of(
            "io.actiongate.keycloak.jsontoken.JsonTokenEndpointProvider", "chatgpt",
            "io.actiongate.keycloak.callbacks.CallbacksAdminResourceProvider", "chatgpt",
            "io.actiongate.keycloak.console.GptClientsPageFactory", "gpt-clients",
            "io.actiongate.keycloak.console.AdminThemeSelectorFactory", "actiongate");

    @Test
    void everyRegisteredProviderFollowsTheScheme() throws Exception {
        List<String> seen = new ArrayList<>();
        for (String factory : registeredFactories()) {
            String id = ((ProviderFactory<?>) Class.forName(factory).getDeclaredConstructor().newInstance()).getId();
            seen.add(id);
            if (PUBLISHED.containsKey(factory)) {
                assertThat(id).as(factory).isEqualTo(PUBLISHED.get(factory));
            } else {
                assertThat(id).as(factory).matches("(chatgpt|actiongate)(-[a-z]+)+");
            }
        }
        // The scan found them all: a broken scan would pass the loop above with nothing in it.
        assertThat(seen).hasSize(19).contains("chatgpt-callback-allow-list", "actiongate-audit");
    }

    private static List<String> registeredFactories() throws IOException {
        List<String> factories = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/META-INF/services"))) {
            // The one SPI ActionGate declares is not a provider.
            for (Path file : files.sorted().filter(file -> !file.endsWith("org.keycloak.provider.Spi")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(factories::add);
                }
            }
        }
        return factories;
    }
}
