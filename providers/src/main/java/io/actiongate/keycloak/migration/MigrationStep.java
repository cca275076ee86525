package io.actiongate.keycloak.migration;

import java.util.function.Consumer;

/**
 * One change ActionGate made to the realm's shape, as Keycloak's own {@code MigrateTo*} classes are: a realm below
 * {@code version} gets it at its next start. Applying is additive and may meet parts of it already there (an admin
 * who followed an earlier release's hand-made upgrade notes): those are taken as they are.
 */
public record MigrationStep(int version, String description, Consumer<RealmChanges> apply) {
}
