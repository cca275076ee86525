package io.actiongate.keycloak.console;

import io.actiongate.keycloak.audit.GptEventSaved;
import io.actiongate.keycloak.callbacks.CallbackEvents;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * The admin console's "GPT clients" page (Keycloak's declarative UI, feature {@code declarative-ui}): one entry
 * per GPT client with its approved and waiting callbacks and the values for the GPT editor. Creating an entry
 * makes a client a GPT client; deleting one deletes the client. See {@link GptClientEntries}.
 *
 * <p>Settings ({@code --spi-ui-page--gpt-clients--<name>}, set by the launcher): {@code public-auth-url}, the
 * base of the URLs shown for the GPT editor; {@code schema-url}, the API's OpenAPI document; and
 * {@code activity-refresh-seconds} (default 10; 0 leaves the recent activity to saves and other rewrites; waiting
 * callbacks refused in a burst are still shown within 10 s).
 */
public class GptClientsPageFactory implements UiPageProviderFactory<Object> {

    private static final Logger LOG = Logger.getLogger(GptClientsPageFactory.class);

    public static final String PROVIDER_ID = "gpt-clients";
    static final String PUBLIC_AUTH_URL = "public-auth-url";
    static final String SCHEMA_URL = "schema-url";
    private static final String NOT_SHOWN_TYPE = "ActionGateNotShown";

    static final String ACTIVITY_REFRESH_SECONDS = "activity-refresh-seconds";
    /** How stale the page's recent activity may be; each refresh of an active client is one database write. */
    static final int DEFAULT_ACTIVITY_REFRESH_SECONDS = 10;

    /** A client whose entry the timer rewrites on its next run. */
    private record DueEntry(String realmId, String clientId) {
    }

    private final Set<DueEntry> dueEntries = ConcurrentHashMap.newKeySet();
    private String publicAuthUrl;
    private String schemaUrl;
    private int activityRefreshSeconds = DEFAULT_ACTIVITY_REFRESH_SECONDS;

    /** The page's factory; empty when the page is not deployed (declarative UI switched off). */
    static Optional<GptClientsPageFactory> deployed(KeycloakSessionFactory factory) {
        return Optional.ofNullable((GptClientsPageFactory) factory.getProviderFactory(UiPageProvider.class, PROVIDER_ID));
    }

    /** The page's entries in {@code realm}; empty when the page is not deployed. */
    static Optional<GptClientEntries> entries(KeycloakSession session, RealmModel realm) {
        return deployed(session.getKeycloakSessionFactory()).map(factory -> factory.entriesIn(session, realm));
    }

    /** Has the timer rewrite a client's entry on its next run. */
    void rewriteSoon(String realmId, String clientId) {
        dueEntries.add(new DueEntry(realmId, clientId));
    }

    private GptClientEntries entriesIn(KeycloakSession session, RealmModel realm) {
        return new GptClientEntries(session, realm, PublicUrls.of(publicAuthUrl, schemaUrl, session));
    }

    @Override
    public void init(Config.Scope config) {
        publicAuthUrl = config.get(PUBLIC_AUTH_URL);
        schemaUrl = config.get(SCHEMA_URL);
        activityRefreshSeconds = config.getInt(ACTIVITY_REFRESH_SECONDS, DEFAULT_ACTIVITY_REFRESH_SECONDS);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> onProviderEvent(factory, event));
    }

    private void onProviderEvent(KeycloakSessionFactory factory, ProviderEvent event) {
        if (event instanceof PostMigrationEvent) {
            // Entries for clients that exist before the page does: imported realms, upgrades.
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                // First, so that a failure below cannot leave the entries without their timer.
                long interval = activityRefreshSeconds > 0 ? activityRefreshSeconds : GptClientEntries.REWRITE_AFTER_REJECTION_SECONDS;
                session.getProvider(TimerProvider.class).scheduleTask(timerSession -> rewriteDueEntries(factory),
                        interval * 1000L, "actiongate-console-due-entries");
                session.realms().getRealmsStream().toList().forEach(realm -> {
                    session.getContext().setRealm(realm);
                    entriesIn(session, realm).rewriteAll();
                });
            });
        } else if (event instanceof GptEventSaved saved && activityRefreshSeconds > 0) {
            rewriteSoon(saved.realmId(), saved.clientId());
        } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
            entriesIn(created.getKeycloakSession(), created.getCreatedRealm()).rewriteAll();
        } else if (event instanceof CallbackEvents.CallbackRefused refused) {
            GptClientEntries.showRejection(refused.session(), refused.realm(), refused.client());
        } else if (event instanceof CallbackEvents.CallbacksChanged changed) {
            GptClientEntries.refreshAfterCommit(changed.session(), changed.client());
        } else if (event instanceof ClientModel.ClientUpdatedEvent updated) {
            rewriteAfterCommit(updated.getKeycloakSession(), updated.getUpdatedClient());
        } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
            ClientModel client = removed.getClient();
            entriesIn(removed.getKeycloakSession(), client.getRealm()).removeEntryOf(client);
        }
    }

    /**
     * Rewrites the client's entry after the session's transaction commits, in a transaction of its own: the page's
     * bookkeeping racing another rewrite of the same component (a refusal's, the timer's) must not fail the
     * admin's change (it did, with a 500, under load). A rewrite that fails is left to the timer.
     */
    void rewriteAfterCommit(KeycloakSession session, ClientModel client) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = client.getRealm().getId();
        String clientUuid = client.getId();
        String clientId = client.getClientId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                if (!rewriteInOwnTransaction(factory, realmId, realm -> realm.getClientById(clientUuid))) {
                    rewriteSoon(realmId, clientId);
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** Rewrites one client's entry in a transaction of its own; false if that failed (it raced another write). */
    private boolean rewriteInOwnTransaction(KeycloakSessionFactory factory, String realmId,
                                            Function<RealmModel, ClientModel> find) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                ClientModel client = realm == null ? null : find.apply(realm);
                if (client != null) {
                    session.getContext().setRealm(realm);
                    entriesIn(session, realm).rewrite(client);
                }
            });
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("ActionGate: rewriting a GPT clients page entry failed: %s", e);
            return false;
        }
    }

    /**
     * Rewrites the entries of the clients that had events or refusals since the last run: at most one write per
     * active client every {@code activity-refresh-seconds}, rather than one per sign-in, refresh or refusal.
     */
    private void rewriteDueEntries(KeycloakSessionFactory factory) {
        List<DueEntry> due = List.copyOf(dueEntries);
        // Taken off before they are read: a change committed meanwhile puts its client back.
        due.forEach(dueEntries::remove);
        for (DueEntry entry : due) {
            // One transaction each: an entry that raced another rewrite is tried again next time, alone.
            if (!rewriteInOwnTransaction(factory, entry.realmId(), realm -> realm.getClientByClientId(entry.clientId()))) {
                dueEntries.add(entry);
            }
        }
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        // The one hook that runs before an entry is stored and may change what is stored.
        entriesIn(session, realm).applyEdit(model);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        entriesIn(session, realm).removeClientOf(model);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "actiongateConsolePageHelp";
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(GptClientEntry.CLIENT_ID, GptClientEntry.GPT_NAME, GptClientEntry.WAITING));
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(
                field(GptClientEntry.CLIENT_ID, ProviderConfigProperty.STRING_TYPE, true, false),
                field(GptClientEntry.GPT_NAME, ProviderConfigProperty.STRING_TYPE, false, false),
                field(GptClientEntry.APPROVED, ProviderConfigProperty.MULTIVALUED_STRING_TYPE, false, false),
                field(GptClientEntry.APPROVED_PROBLEM, ProviderConfigProperty.TEXT_TYPE, false, true),
                field(GptClientEntry.WAITING, ProviderConfigProperty.MULTIVALUED_STRING_TYPE, false, false),
                field(GptClientEntry.DROPPED, ProviderConfigProperty.TEXT_TYPE, false, true),
                field(GptClientEntry.APPROVE_WAITING, ProviderConfigProperty.BOOLEAN_TYPE, false, false),
                field(GptClientEntry.ROTATE_REFRESH_TOKENS, ProviderConfigProperty.BOOLEAN_TYPE, false, false),
                field(GptClientEntry.AUTHORIZATION_URL, ProviderConfigProperty.STRING_TYPE, false, true),
                field(GptClientEntry.TOKEN_URL, ProviderConfigProperty.STRING_TYPE, false, true),
                field(GptClientEntry.SCOPE, ProviderConfigProperty.STRING_TYPE, false, true),
                field(GptClientEntry.TOKEN_EXCHANGE_METHOD, ProviderConfigProperty.STRING_TYPE, false, true),
                field(GptClientEntry.SCHEMA_URL, ProviderConfigProperty.STRING_TYPE, false, true),
                field(GptClientEntry.REALM_VERSION, ProviderConfigProperty.STRING_TYPE, false, true),
                field(GptClientEntry.RECENT_ACTIVITY, ProviderConfigProperty.TEXT_TYPE, false, true),
                field(GptClientEntry.CONNECTOR, ProviderConfigProperty.TEXT_TYPE, false, true),
                field(GptClientEntry.CONNECTOR_USE, ProviderConfigProperty.TEXT_TYPE, false, true),
                // Declared so that a save may carry it (Keycloak drops undeclared keys); of a type the console
                // has no editor for, so it is not shown.
                field(GptClientEntry.SHOWN_WAITING, NOT_SHOWN_TYPE, false, true));
    }

    /** Label and help text are message keys: actiongateConsole + the field's key, with "Help" for the help text. */
    private static ProviderConfigProperty field(String key, String type, boolean required, boolean readOnly) {
        String messageKey = "actiongateConsole" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
        ProviderConfigProperty property = new ProviderConfigProperty(key, messageKey, messageKey + "Help", type, null);
        property.setRequired(required);
        property.setReadOnly(readOnly);
        return property;
    }

    @Override
    public Object create(KeycloakSession session, ComponentModel model) {
        return null;
    }

    @Override
    public void close() {
    }
}
