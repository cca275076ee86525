package io.actiongate.deploy;

import io.actiongate.server.testing.AgendaApiProcess;
import io.actiongate.server.testing.FreePorts;
import io.actiongate.server.testing.PostgresServer;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import java.util.Map;

/**
 * What the benchmarks measure: the staged Keycloak and one agenda API on a PostgreSQL of their own, on free
 * loopback ports, the API's public URL its own; stopped in reverse order.
 */
record LoopbackDeployment(RealmSettings settings, PostgresServer postgres, StagedKeycloak keycloak, AgendaApiProcess api)
        implements AutoCloseable {

    static LoopbackDeployment start() throws Exception {
        int apiPort = FreePorts.free();
        String apiUrl = "http://localhost:" + apiPort;
        RealmSettings settings = RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES);
        PostgresServer postgres = PostgresServer.start("agenda");
        StagedKeycloak keycloak = null;
        try {
            keycloak = StagedKeycloak.start(settings, Map.of("PUBLIC_API_URL", apiUrl));
            // -Dbenchmark.api.java.opts: JVM options for the API on top of its launcher's (to compare memory settings).
            AgendaApiProcess api = AgendaApiProcess.start(postgres, "agenda", keycloak.baseUrl(), Map.of(
                    "API_PORT", String.valueOf(apiPort), "PUBLIC_API_URL", apiUrl, "WEB_CLIENT_SECRET", settings.webClientSecret(),
                    "API_JAVA_OPTS", System.getProperty("benchmark.api.java.opts", "")));
            return new LoopbackDeployment(settings, postgres, keycloak, api);
        } catch (Exception | Error e) {
            Parts.stopAll(keycloak, postgres);
            throw e;
        }
    }

    String apiUrl() {
        return api.url();
    }

    @Override
    public void close() {
        Parts.stopAll(api, keycloak, postgres);
    }
}
