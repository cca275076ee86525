package io.actiongate.deploy;

import static io.actiongate.server.testing.BinStart.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the deployment files without a Docker engine or a systemd host: the image is built from
 * the parts this build staged, at the pinned Keycloak version; compose, Caddy and systemd accept their files.
 */
class DeploymentFilesIT {

    /** Where the Keycloak image is built from. */
    private static final Path MODULE = ROOT.resolve("keycloak-server");

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
        List<String> sources = copiedFromTarget(MODULE.resolve("Dockerfile"));

        assertThat(sources).hasSizeGreaterThanOrEqualTo(5);
        for (String source : sources) {
            assertThat(MODULE.resolve(source)).as(source).exists();
        }
        assertThat(MODULE.resolve("target/keycloak/providers/actiongate-providers.jar")).exists();
    }

    /** The API's image copies its launcher and starts through it, so the memory limits hold in a container too. */
    @Test
    void theApiImageStartsThroughTheLauncherItCopies() throws IOException {
        Path api = ROOT.resolve("resource-server");
        Path dockerfile = api.resolve("src/main/docker/Dockerfile.jvm");
        List<String> sources = copiedFromTarget(dockerfile);

        assertThat(sources).contains("target/quarkus-app/agenda-api.sh");
        for (String source : sources) {
            assertThat(api.resolve(source.replace("*.jar", "quarkus-run.jar"))).as(source).exists();
        }
        assertThat(Files.readString(dockerfile)).contains("ENTRYPOINT [ \"bash\", \"/deployments/agenda-api.sh\" ]");
        assertThat(Files.readString(ROOT.resolve("deploy/systemd/actiongate-agenda-api.service")))
                .contains("ExecStart=/bin/bash /opt/actiongate/agenda-api/agenda-api.sh");
    }

    private static List<String> copiedFromTarget(Path dockerfile) throws IOException {
        return Pattern.compile("(?m)^COPY (?:--chown=\\S+ )?(target/\\S+) ").matcher(Files.readString(dockerfile))
                .results().map(match -> match.group(1)).toList();
    }

    /** Every value .env.example marks REQUIRED (a "# REQUIRED" line right above it), filled in. */
    private static Map<String, String> requiredValues(Path envFile) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        boolean required = false;
        for (String line : Files.readAllLines(envFile)) {
            Matcher variable = Pattern.compile("^([A-Z_]+)=(.*)$").matcher(line);
            if (variable.matches()) {
                assertThat(variable.group(2)).as(".env files have no inline comments: " + line).doesNotContain("#");
                if (required) {
                    values.put(variable.group(1), variable.group(2).isEmpty() ? "not-a-real-secret" : variable.group(2));
                }
            }
            required = line.startsWith("# REQUIRED");
        }
        return values;
    }

    @Test
    void composeValidatesWithTheRequiredValuesAndRefusesToStartWithoutOne() throws Exception {
        Parts.assumeTool("docker-compose", "docker-compose");
        Map<String, String> values = requiredValues(ROOT.resolve(".env.example"));
        assertThat(values).containsKeys("AUTH_HOST", "API_HOST", "ACME_EMAIL", "POSTGRES_PASSWORD",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", "GPT_CLIENT_SECRET", "DEMO_PASSWORD");

        assertThat(compose(values).exitCode()).as("docker-compose config").isZero();
        for (String missing : values.keySet()) {
            Map<String, String> without = new LinkedHashMap<>(values);
            without.remove(missing);
            Result refused = compose(without);
            assertThat(refused.exitCode()).as("without " + missing).isNotZero();
            assertThat(refused.output()).as("without " + missing).contains("set " + missing);
        }
    }

    @Test
    void theProxyConfigurationValidatesForComposeAndForSeveralNodes() throws Exception {
        Parts.assumeTool("caddy", "caddy");
        Map<String, String> compose = Map.of("AUTH_HOST", "auth.example.com", "API_HOST", "api.example.com",
                "ACME_EMAIL", "admin@example.com");
        Map<String, String> scaledOut = new LinkedHashMap<>(compose);
        scaledOut.put("KEYCLOAK_UPSTREAMS", "10.0.0.1:8080 10.0.0.2:8080");
        scaledOut.put("API_UPSTREAMS", "10.0.0.1:8081 10.0.0.2:8081");

        for (Map<String, String> env : List.of(compose, scaledOut)) {
            Result validated = run(List.of("caddy", "validate", "--config", ROOT.resolve("deploy/Caddyfile").toString(),
                    "--adapter", "caddyfile"), env);
            assertThat(validated.exitCode()).as(validated.output()).isZero();
        }
        Result adapted = run(List.of("caddy", "adapt", "--config", ROOT.resolve("deploy/Caddyfile").toString(),
                "--adapter", "caddyfile"), scaledOut);
        assertThat(adapted.output()).contains("\"dial\":\"10.0.0.2:8080\"", "\"dial\":\"10.0.0.2:8081\"");
        assertThat(Files.readString(ROOT.resolve("deploy/Caddyfile"))).contains("@admin path /admin /admin/*");
    }

    /** The units as installed by the README's VM guide, pointed at this build's staged files instead of /opt. */
    @Test
    void theSystemdUnitsVerifyAgainstTheStagedFiles() throws Exception {
        Parts.assumeTool("systemd-analyze", "systemd");
        Path units = Files.createTempDirectory("actiongate-units-");
        Map<String, String> installedToStaged = Map.of(
                "/opt/actiongate/keycloak", ROOT.resolve("keycloak-server/target/keycloak-postgres").toString(),
                "/opt/actiongate/agenda-api", ROOT.resolve("resource-server/target/quarkus-app").toString(),
                "/usr/bin/java", Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "/etc/actiongate/actiongate.env", ROOT.resolve("deploy/systemd/actiongate.env.example").toString());
        for (String unit : List.of("actiongate-keycloak.service", "actiongate-agenda-api.service")) {
            String text = Files.readString(ROOT.resolve("deploy/systemd").resolve(unit));
            assertThat(text).contains("EnvironmentFile=/etc/actiongate/actiongate.env", "User=actiongate");
            for (Map.Entry<String, String> path : installedToStaged.entrySet()) {
                text = text.replace(path.getKey(), path.getValue());
            }
            Files.writeString(units.resolve(unit), text);
            // Unknown keys or values are only warnings (exit 0): any output at all fails the test.
            Result verified = run(List.of("systemd-analyze", "verify", units.resolve(unit).toString()), Map.of());
            assertThat(verified.exitCode()).as(unit + ": " + verified.output()).isZero();
            assertThat(verified.output()).as(unit).isBlank();
        }
    }

    @Test
    void theVmSettingsMarkWhatTheLauncherRequires() throws IOException {
        Map<String, String> required = requiredValues(ROOT.resolve("deploy/systemd/actiongate.env.example"));
        assertThat(required).containsKeys("GPT_CLIENT_SECRET", "DEMO_PASSWORD", "KC_BOOTSTRAP_ADMIN_PASSWORD",
                "KC_DB_PASSWORD", "AGENDA_DB_PASSWORD", "PUBLIC_AUTH_URL", "ACME_EMAIL");
        // Whatever the launcher refuses to start without must be marked REQUIRED too.
        Matcher launcherRequires = Pattern.compile("(?m)^for required in ([A-Z_ ]+);")
                .matcher(Files.readString(MODULE.resolve("src/main/keycloak/bin/actiongate-keycloak.sh")));
        assertThat(launcherRequires.find()).as("the launcher's list of required variables").isTrue();
        assertThat(required).containsKeys(launcherRequires.group(1).trim().split(" +"));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result compose(Map<String, String> values) throws Exception {
        Path envFile = Files.createTempFile("actiongate-compose-", ".env");
        Files.write(envFile, values.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList());
        return run(List.of("docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(), "--env-file",
                envFile.toString(), "config", "-q"), Map.of());
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(ROOT.toFile());
        builder.environment().keySet().removeIf(key -> key.matches("AUTH_HOST|API_HOST|ACME_EMAIL|POSTGRES_PASSWORD|"
                + "KC_.*|GPT_.*|DEMO_.*|GOOGLE_.*"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void composeBuildsFromTheModulesThatExist() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        List<String> contexts = Pattern.compile("(?m)^\\s+context: (\\S+)$").matcher(compose)
                .results().map(match -> match.group(1)).toList();

        assertThat(contexts).containsExactlyInAnyOrder("keycloak-server", "resource-server");
        assertThat(compose).contains("image: postgres:", "image: caddy:", "KC_DB: postgres", "AGENDA_DB: postgresql")
                .contains("127.0.0.1:8080:8080").doesNotContain("\"8080:8080\"");
        assertThat(ROOT.resolve("resource-server/src/main/docker/Dockerfile.jvm")).exists();
    }
}
