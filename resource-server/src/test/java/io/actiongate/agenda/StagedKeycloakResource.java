package io.actiongate.agenda;

import io.actiongate.server.testing.StagedKeycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the API at the staged Keycloak: one server for the whole test run, started by the first test that
 * needs it (see {@link StagedKeycloak#shared()}).
 */
public class StagedKeycloakResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        StagedKeycloak keycloak = StagedKeycloak.shared();
        return Map.of(
                "agenda.auth.public-url", keycloak.baseUrl(),
                "quarkus.oidc.auth-server-url", keycloak.realmUrl(),
                "quarkus.oidc.web.credentials.secret", keycloak.settings().webClientSecret(),
                "agenda.api-client.secret", keycloak.settings().webClientSecret());
    }

    @Override
    public void stop() {
        // The shared server outlives one Quarkus application: test profiles restart the application.
    }
}
