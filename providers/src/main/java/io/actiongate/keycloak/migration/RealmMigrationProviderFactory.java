package io.actiongate.keycloak.migration;

import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * Runs {@link RealmMigration} once per start, when Keycloak has migrated its own database, set up the master realm
 * and imported the staged realm file ({@link PostMigrationEvent}), before it serves requests. A migration that
 * cannot apply stops the start.
 */
public class RealmMigrationProviderFactory implements ProviderFactory<RealmMigrationProvider> {

    private static final Logger LOG = Logger.getLogger(RealmMigrationProviderFactory.class);

    public static final String PROVIDER_ID = "actiongate-realm-migration";
    /** The realm file the migration steps copy from, placeholders resolved as the import resolves them. */
    public static final String REALM_FILE = "realm-file";
    /**
     * {@code false}: GPT_CLIENT_SECRET only seeds the GPT client on the first start (bin/start remembered it; an
     * admin may have regenerated it in the console since). {@code true}: every start applies it.
     */
    public static final String APPLY_GPT_CLIENT_SECRET = "apply-gpt-client-secret";

    /**
     * {@code true}: a client ActionGate needs that an admin deleted is made again from the realm file (otherwise the
     * start stops and says so).
     */
    public static final String RECREATE_MISSING_CLIENTS = "recreate-missing-clients";

    /** {@code true}: migrate at this start. The launcher sets it; Keycloak's own commands run by hand do not. */
    public static final String RUN_AT_START = "run-at-start";

    private boolean enabled;
    private Path realmFile;
    private boolean recreateMissingClients;
    private boolean applyGptClientSecret = true;

    @Override
    public RealmMigrationProvider create(KeycloakSession session) {
        return new RealmMigrationProvider() {
        };
    }

    @Override
    public void init(Config.Scope config) {
        enabled = config.getBoolean(RUN_AT_START, false);
        String file = config.get(REALM_FILE);
        realmFile = file != null && !file.isBlank() ? Path.of(file)
                : Path.of(System.getProperty("kc.home.dir", "."), "data", "import", "gpt-realm.json");
        applyGptClientSecret = config.getBoolean(APPLY_GPT_CLIENT_SECRET, true);
        recreateMissingClients = config.getBoolean(RECREATE_MISSING_CLIENTS, false);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                if (!enabled) {
                    // kc.sh run by hand (export, import, start) has not the launcher's environment, whose settings
                    // the migration would apply: the realm is left as it is.
                    LOG.infof("ActionGate: realm migration off (Keycloak was not started by bin/actiongate-keycloak.sh)");
                    return;
                }
                new RealmMigration(factory, realmFile, applyGptClientSecret, recreateMissingClients).run();
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(RUN_AT_START).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText("Migrate the realm at this start (bin/actiongate-keycloak.sh sets it)").defaultValue("false").add()
                .property().name(REALM_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The realm file the migrations copy from (default: the staged data/import/gpt-realm.json)").add()
                .property().name(APPLY_GPT_CLIENT_SECRET).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText("Apply GPT_CLIENT_SECRET at every start (false: it only seeds the first start)")
                .defaultValue("true").add()
                .property().name(RECREATE_MISSING_CLIENTS).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText("Make a client ActionGate needs again from the realm file when an admin deleted it")
                .defaultValue("false").add()
                .build();
    }
}
