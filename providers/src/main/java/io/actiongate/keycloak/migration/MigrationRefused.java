package io.actiongate.keycloak.migration;

/**
 * A realm ActionGate cannot bring to the build's version without overwriting what an admin made: the start stops
 * and the realm stays as it was. The message names the object; the fix says what the admin does next.
 */
public class MigrationRefused extends RuntimeException {

    public MigrationRefused(String problem, String fix) {
        super(problem + ". Fix: " + fix);
    }
}
