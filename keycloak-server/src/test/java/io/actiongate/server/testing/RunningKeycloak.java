package io.actiongate.server.testing;

/** A Keycloak started by someone else (bin/start, for instance); closing it is their business. */
public record RunningKeycloak(String baseUrl, RealmSettings settings) implements KeycloakUnderTest {

    @Override
    public void close() {
    }
}
