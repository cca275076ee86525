package io.actiongate.keycloak.migration;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * ActionGate's realm migrations: one provider ({@link RealmMigrationProviderFactory}) that brings the realms of the
 * staged realm file to the build's version at every start, before Keycloak takes requests.
 */
public class RealmMigrationSpi implements Spi {

    public static final String NAME = "actiongate-realm";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RealmMigrationProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RealmMigrationProviderFactory.class;
    }
}
