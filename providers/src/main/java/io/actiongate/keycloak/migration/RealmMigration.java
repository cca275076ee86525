package io.actiongate.keycloak.migration;

import io.actiongate.keycloak.ActionGateRealm;
import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.console.GptClientEntries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.CacheRealmProvider;
import org.keycloak.models.dblock.DBLockManager;
import org.keycloak.models.dblock.DBLockProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Brings the realm of the staged realm file to the build's version: the steps its version lacks, then the
 * settings the environment owns; all in one transaction, under Keycloak's own boot lock, so that of several nodes
 * starting together one migrates and the others find the realm migrated. A step that cannot apply rolls all of it
 * back and stops the start.
 */
final class RealmMigration {

    private static final Logger LOG = Logger.getLogger(RealmMigration.class);

    private final KeycloakSessionFactory factory;
    private final Path realmFile;
    private final boolean applyGptClientSecret;
    private final boolean recreateMissingClients;

    RealmMigration(KeycloakSessionFactory factory, Path realmFile, boolean applyGptClientSecret, boolean recreateMissingClients) {
        this.factory = factory;
        this.realmFile = realmFile;
        this.applyGptClientSecret = applyGptClientSecret;
        this.recreateMissingClients = recreateMissingClients;
    }

    void run() {
        if (!Files.isRegularFile(realmFile)) {
            LOG.infof("ActionGate: no realm file at %s; no realm migrated", realmFile);
            return;
        }
        StagedRealm staged;
        try {
            staged = StagedRealm.read(realmFile);
        } catch (IOException | RuntimeException e) {
            // Not the parser's message: it quotes the text around the fault, which may be a secret from the environment.
            throw new IllegalStateException("ActionGate: the realm file " + realmFile + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check that it is valid JSON with its ${...} placeholders filled in");
        }
        if (staged.version() != RealmSteps.NEWEST) {
            throw new IllegalStateException("ActionGate: the realm file " + realmFile + " is at version " + staged.version()
                    + " but this build's migration steps end at " + RealmSteps.NEWEST + ": a broken build");
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, lockSession -> {
                DBLockProvider lock = new DBLockManager(lockSession).getDBLock();
                lock.waitForLock(DBLockProvider.Namespace.KEYCLOAK_BOOT);
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, session -> migrate(session, staged));
                } finally {
                    lock.releaseLock();
                }
            });
        } catch (MigrationRefused e) {
            LOG.errorf("ActionGate realm '%s': not migrated, nothing changed, and Keycloak does not start: %s",
                    staged.name(), e.getMessage());
            throw e;
        }
    }

    private void migrate(KeycloakSession session, StagedRealm staged) {
        RealmModel realm = session.realms().getRealmByName(staged.name());
        if (realm == null) {
            LOG.warnf("ActionGate realm '%s': not found (deleted, or Keycloak started without --import-realm); "
                    + "nothing migrated", staged.name());
            return;
        }
        int found = versionOf(storedVersion(session, realm.getId()));
        // This node's realm cache may predate another node's migration (a node not yet in the cluster when that one
        // committed misses its invalidation): steps and settings read and write what the database holds.
        CacheRealmProvider cache = session.getProvider(CacheRealmProvider.class);
        if (cache != null) {
            cache.clear();
            realm = session.realms().getRealmByName(staged.name());
        }
        session.getContext().setRealm(realm);
        if (found > RealmSteps.NEWEST) {
            throw new MigrationRefused("the realm is at ActionGate realm version " + found + ", newer than this build's "
                    + RealmSteps.NEWEST + " (a downgrade)", "start the release that wrote version " + found
                    + ", or restore the backup taken before the upgrade");
        }
        RealmChanges changes = new RealmChanges(session, realm, staged, recreateMissingClients);
        List<MigrationStep> ran = new ArrayList<>();
        for (MigrationStep step : RealmSteps.ALL) {
            if (step.version() > found) {
                step.apply().accept(changes);
                ran.add(step);
            }
        }
        int stepLines = changes.lines().size();
        EnvironmentSettings.apply(changes, applyGptClientSecret);
        if (found != RealmSteps.NEWEST) {
            realm.setAttribute(ActionGateRealm.VERSION, String.valueOf(RealmSteps.NEWEST));
        }
        if (!changes.lines().isEmpty()) {
            // The console's entries show the version, the callbacks and the names.
            realm.getClientsStream().filter(client -> "true".equals(client.getAttribute(GptClientAttributes.GPT_CLIENT)))
                    .toList().forEach(client -> GptClientEntries.refreshAfterCommit(session, client));
        }

        if (ran.isEmpty()) {
            LOG.infof("ActionGate realm '%s': at version %d, this build's; no step to run", staged.name(), found);
        } else {
            LOG.infof("ActionGate realm '%s': found at version %d; ran %s; now at version %d", staged.name(), found,
                    ran.stream().map(step -> String.valueOf(step.version())).collect(Collectors.joining(", ", "step ", "")),
                    RealmSteps.NEWEST);
            ran.forEach(step -> LOG.infof("ActionGate realm '%s': step %d: %s", staged.name(), step.version(), step.description()));
        }
        List<String> lines = changes.lines();
        lines.subList(0, stepLines).forEach(line -> LOG.infof("ActionGate realm '%s': %s", staged.name(), line));
        if (lines.size() == stepLines) {
            LOG.infof("ActionGate realm '%s': settings from the environment unchanged", staged.name());
        }
        lines.subList(stepLines, lines.size())
                .forEach(line -> LOG.infof("ActionGate realm '%s': setting changed: %s", staged.name(), line));
    }

    /** The version attribute as the database has it now, past every node's cache. */
    private static String storedVersion(KeycloakSession session, String realmId) {
        List<String> values = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("select a.value from RealmAttributeEntity a where a.realm.id = :realm and a.name = :name",
                        String.class)
                .setParameter("realm", realmId).setParameter("name", ActionGateRealm.VERSION)
                .getResultList();
        return values.isEmpty() ? null : values.get(0);
    }

    /** The realm's ActionGate version from its attribute; a realm without one is the first release's. */
    static int versionOf(String value) {
        if (value == null) {
            return RealmSteps.FIRST_RELEASE;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new MigrationRefused("the realm attribute " + ActionGateRealm.VERSION + " is '" + value
                    + "', not a version", "set it to the version the realm is at (" + RealmSteps.NEWEST
                    + " for a realm this release made) through the admin REST API, or restore the backup");
        }
    }
}
