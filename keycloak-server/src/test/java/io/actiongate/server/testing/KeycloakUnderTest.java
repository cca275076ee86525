package io.actiongate.server.testing;

/**
 * A running ActionGate Keycloak with the gpt realm imported, as the tests see it: where it answers and the
 * settings it was started with.
 */
public interface KeycloakUnderTest extends AutoCloseable {

    /** The realm every test signs in to. */
    String REALM = "gpt";

    /** Base URL of Keycloak, e.g. {@code http://localhost:41234}; also its public hostname. */
    String baseUrl();

    /** The settings (client, demo user, admin) the server was started with. */
    RealmSettings settings();

    default String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    default String authorizationUrl() {
        return realmUrl() + "/protocol/openid-connect/auth";
    }

    default String tokenUrl() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    default String userinfoUrl() {
        return realmUrl() + "/protocol/openid-connect/userinfo";
    }

    @Override
    void close();
}
