package io.actiongate.keycloak.migration;

import org.keycloak.provider.Provider;

/** Nothing is asked of it per request: the migration runs once per start, from its factory. */
public interface RealmMigrationProvider extends Provider {

    @Override
    default void close() {
    }
}
