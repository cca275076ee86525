package io.actiongate.server.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the container path without a Docker engine: the image is built from the parts this
 * build staged, at the pinned Keycloak version.
 */
class ContainerFilesIT {

    private static final Path MODULE = Paths.get("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();

    @Test
    void theImageUsesThePinnedKeycloakVersion() throws IOException {
        String dockerfile = Files.readString(MODULE.resolve("Dockerfile"));
        Matcher version = Pattern.compile("(?m)^ARG KEYCLOAK_VERSION=(\\S+)$").matcher(dockerfile);

        assertThat(version.find()).isTrue();
        assertThat(version.group(1)).isEqualTo(System.getProperty("keycloak.version"));
        assertThat(dockerfile).contains("FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}");
    }

    @Test
    void everyPartTheImageCopiesIsStaged() throws IOException {
        List<String> sources = Pattern.compile("(?m)^COPY (target/\\S+) ").matcher(Files.readString(MODULE.resolve("Dockerfile")))
                .results().map(match -> match.group(1)).toList();

        assertThat(sources).hasSizeGreaterThanOrEqualTo(5);
        for (String source : sources) {
            assertThat(MODULE.resolve(source)).as(source).exists();
        }
        assertThat(MODULE.resolve("target/keycloak/providers/actiongate-providers.jar")).exists();
    }

    @Test
    void composeBuildsFromTheModulesThatExist() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        List<String> contexts = Pattern.compile("(?m)^\\s+context: (\\S+)$").matcher(compose)
                .results().map(match -> match.group(1)).toList();

        assertThat(contexts).containsExactlyInAnyOrder("keycloak-server", "resource-server");
        assertThat(ROOT.resolve("resource-server/src/main/docker/Dockerfile.jvm")).exists();
    }
}
