package io.actiongate.server.testing;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.MountableFile;

/**
 * The official Keycloak image with the same staged parts (providers jar, theme, realm, keycloak.conf), through
 * testcontainers-keycloak. Needs a Docker engine; {@link #dockerAvailable()} says whether one answers.
 */
public final class ContainerKeycloak implements KeycloakUnderTest {

    private final KeycloakContainer container;
    private final RealmSettings settings;

    private ContainerKeycloak(KeycloakContainer container, RealmSettings settings) {
        this.container = container;
        this.settings = settings;
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static ContainerKeycloak start(RealmSettings settings) {
        Path staged = StagedKeycloak.Build.H2.home();
        String version = System.getProperty("keycloak.version");
        if (version == null) {
            throw new IllegalStateException("system property keycloak.version is not set (the build sets it)");
        }
        KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + version)
                .withAdminUsername(settings.adminUser())
                .withAdminPassword(settings.adminPassword())
                .withProviderLibsFrom(List.of(staged.resolve("providers/actiongate-providers.jar").toFile()))
                .withCopyFileToContainer(MountableFile.forHostPath(staged.resolve("conf/keycloak.conf")),
                        "/opt/keycloak/conf/keycloak.conf")
                .withCopyFileToContainer(MountableFile.forHostPath(staged.resolve("themes/actiongate")),
                        "/opt/keycloak/themes/actiongate")
                .withCopyFileToContainer(MountableFile.forHostPath(staged.resolve("data/import/gpt-realm.json")),
                        "/opt/keycloak/data/import/gpt-realm.json")
                .withCustomCommand("--import-realm");
        settings.environment().forEach(container::withEnv);
        container.start();
        return new ContainerKeycloak(container, settings);
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public RealmSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        container.stop();
    }
}
