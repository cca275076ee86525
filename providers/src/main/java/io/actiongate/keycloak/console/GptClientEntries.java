package io.actiongate.keycloak.console;

import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.audit.CallbackDecisions;
import io.actiongate.keycloak.callbacks.CallbackAllowList;
import io.actiongate.keycloak.callbacks.CallbackEvents;
import io.actiongate.keycloak.callbacks.PendingCallbacks;
import io.actiongate.keycloak.preset.GptClientPreset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Keeps the "GPT clients" page's entries (components, one per GPT client) and the clients in step, both ways:
 * an admin's save on the page changes the client and its pending callbacks; a change made anywhere else rewrites
 * the entry.
 */
public final class GptClientEntries {

    private static final Logger LOG = Logger.getLogger(GptClientEntries.class);

    /** Set on the session while an entry is rewritten from its client, so the save hook leaves the client alone. */
    private static final String REWRITING = "actiongate.console.rewriting";
    /** Set while an entry and its client are removed together, so neither removal starts the other again. */
    private static final String REMOVING = "actiongate.console.removing";
    static final int REWRITE_AFTER_REJECTION_SECONDS = 10;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PublicUrls urls;

    GptClientEntries(KeycloakSession session, RealmModel realm, PublicUrls urls) {
        this.session = session;
        this.realm = realm;
        this.urls = urls;
    }

    /** Rewrites the entry of {@code client} (creating it) in this transaction. */
    static void refresh(KeycloakSession session, RealmModel realm, ClientModel client) {
        GptClientsPageFactory.entries(session, realm).ifPresent(entries -> entries.rewrite(client));
    }

    /**
     * For the other providers: rewrites the entry of {@code client} (creating it) once their change has committed,
     * so that a race with another rewrite of the entry cannot fail their request.
     */
    public static void refreshAfterCommit(KeycloakSession session, ClientModel client) {
        GptClientsPageFactory.deployed(session.getKeycloakSessionFactory())
                .ifPresent(page -> page.rewriteAfterCommit(session, client));
    }

    /**
     * After a refused sign-in changed a client's waiting callbacks: rewrites its entry at once if none was rewritten
     * for a refusal in the last {@value #REWRITE_AFTER_REJECTION_SECONDS} s, else leaves it to the page's timer.
     * Each rewrite is a database write and a realm cache invalidation, so a flood of refusals costs one per client
     * and interval, not one per request. In a transaction of its own; never throws.
     */
    public static void showRejection(KeycloakSession requestSession, RealmModel requestRealm, ClientModel refusing) {
        KeycloakSessionFactory factory = requestSession.getKeycloakSessionFactory();
        GptClientsPageFactory page = GptClientsPageFactory.deployed(factory).orElse(null);
        if (page == null || !GptClientEntry.isGptClient(refusing)) {
            return;
        }
        String realmId = requestRealm.getId();
        String clientUuid = refusing.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
                if (client == null) {
                    return;
                }
                session.getContext().setRealm(realm);
                if (session.singleUseObjects().putIfAbsent("actiongate.console.rewritten." + clientUuid,
                        REWRITE_AFTER_REJECTION_SECONDS)) {
                    refresh(session, realm, client);
                } else {
                    page.rewriteSoon(realmId, refusing.getClientId());
                }
            });
        } catch (RuntimeException e) {
            // Raced another rewrite of the same entry (the timer's, another node's): the timer writes the state.
            page.rewriteSoon(realmId, refusing.getClientId());
        }
    }

    /**
     * Rewrites every GPT client's entry: at start-up, so entries exist for imported clients. Names each client
     * whose approved callbacks are invalid (an import skips validation), as it refuses every callback until fixed.
     */
    void rewriteAll() {
        realm.getClientsStream().forEach(client -> CallbackAllowList.stored(client.getAttribute(GptClientAttributes.CALLBACKS))
                .problem().ifPresent(problem -> LOG.errorf("ActionGate: client '%s' (realm '%s') refuses every callback "
                        + "until its approved callbacks (%s) are fixed: %s", client.getClientId(), realm.getName(),
                        GptClientAttributes.CALLBACKS, problem)));
        realm.getClientsStream().filter(GptClientEntry::isGptClient).toList().forEach(this::rewrite);
    }

    /** Makes the entry of {@code client} show its current state; removes it when the client is no GPT client. */
    void rewrite(ClientModel client) {
        Optional<ComponentModel> existing = entryOf(client.getClientId());
        if (!GptClientEntry.isGptClient(client)) {
            existing.ifPresent(this::removeEntryOnly);
            return;
        }
        MultivaluedHashMap<String, String> fields = GptClientEntry.fieldsOf(session, realm, client, urls);
        if (existing.isPresent() && comparable(fields).equals(comparable(existing.get().getConfig()))) {
            return; // every start and client save lands here: no write, no realm cache invalidation
        }
        ComponentModel entry = existing.map(ComponentModel::new).orElseGet(this::newEntry);
        entry.setName(client.getClientId());
        entry.setConfig(fields);
        session.setAttribute(REWRITING, Boolean.TRUE);
        try {
            if (existing.isPresent()) {
                realm.updateComponent(entry);
            } else {
                realm.addComponentModel(entry);
            }
        } finally {
            session.removeAttribute(REWRITING);
        }
    }

    /**
     * An admin saved an entry on the page (or created one): applies it to the client, then replaces what is stored
     * with the client's state. Creating an entry makes the client a GPT client (see {@link GptClientPreset}); on an
     * existing entry, a waiting callback the admin removed is dismissed, and with "approve" the ones left are
     * approved.
     *
     * @throws ComponentValidationException with a message for the admin when the entry cannot be saved
     */
    void applyEdit(ComponentModel edited) {
        if (session.getAttribute(REWRITING) != null) {
            return;
        }
        String clientId = edited.get(GptClientEntry.CLIENT_ID, "").trim();
        if (clientId.isEmpty()) {
            throw new ComponentValidationException("actiongateConsoleClientIdRequired");
        }
        Optional<ComponentModel> sameClient = entryOf(clientId);
        if (sameClient.isPresent() && !sameClient.get().getId().equals(edited.getId())) {
            throw new ComponentValidationException("actiongateConsoleClientListed", clientId);
        }
        boolean created = edited.getId() == null;
        // An entry's name is its client's ID; the console sends it back unchanged.
        if (!created && edited.getName() != null && !clientId.equals(edited.getName())) {
            throw new ComponentValidationException("actiongateConsoleClientIdFixed");
        }
        CallbackAllowList approved = parseApproved(edited.getConfig().getOrDefault(GptClientEntry.APPROVED, List.of()));
        String name = edited.get(GptClientEntry.GPT_NAME, "").trim();

        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            client = GptClientPreset.create(realm, clientId, name.isEmpty() ? clientId : name);
        } else if (created) {
            GptClientPreset.apply(realm, client);
        }
        if (!name.isEmpty()) {
            client.setName(name);
        }
        if (!created) {
            approved = settleWaiting(client, edited, approved);
        }
        client.setAttribute(GptClientAttributes.CALLBACKS, approved.toAttribute());
        // A public connector rotates whatever the field says (RefreshRotation); the attribute is a GPT's choice.
        if (Boolean.parseBoolean(edited.get(GptClientEntry.ROTATE_REFRESH_TOKENS, "false"))) {
            client.setAttribute(GptClientAttributes.ROTATE_REFRESH_TOKENS, "true");
        } else {
            client.removeAttribute(GptClientAttributes.ROTATE_REFRESH_TOKENS);
        }

        edited.setName(clientId);
        edited.setConfig(GptClientEntry.fieldsOf(session, realm, client, urls));
    }

    /**
     * Dismisses the waiting callbacks the admin removed; approves the rest when asked to; and takes off the list
     * those the admin approved one by one by adding them to the approved callbacks.
     */
    private CallbackAllowList settleWaiting(ClientModel client, ComponentModel edited, CallbackAllowList approved) {
        Set<String> kept = callbacks(edited.getConfig().getOrDefault(GptClientEntry.WAITING, List.of()));
        // Only what the admin was shown is settled: a callback recorded while the page was open stays pending.
        Set<String> shown = callbacks(edited.getConfig().getOrDefault(GptClientEntry.SHOWN_WAITING, List.of()));
        boolean approve = Boolean.parseBoolean(edited.get(GptClientEntry.APPROVE_WAITING, "false"));
        // A waiting callback the approved ones now allow waits no longer: approved in this save when the admin
        // added it (to approve just that one), or earlier elsewhere (the REST endpoint records its own event).
        CallbackAllowList before = CallbackAllowList.parseStoredOrEmpty(client.getAttribute(GptClientAttributes.CALLBACKS));
        WaitingSettlement settlement = WaitingSettlement.decide(shown, kept, approve, approved::allows, before::allows);
        CallbackAllowList result = approved;
        List<String> approvedNow = new ArrayList<>();
        List<String> dismissedNow = new ArrayList<>();
        // What was really removed: a concurrent change (another node, a refusal) may have settled some already.
        for (String removed : PendingCallbacks.remove(session, realm, client, settlement.settled())) {
            switch (settlement.outcomeOf(removed)) {
                case APPROVED_BY_HAND -> approvedNow.add(removed);
                case ALREADY_ALLOWED -> { }
                case APPROVED -> {
                    result = result.with(removed);
                    approvedNow.add(removed);
                }
                case DISMISSED -> dismissedNow.add(removed);
            }
        }
        if (!approvedNow.isEmpty() || !dismissedNow.isEmpty()) {
            CallbackDecisions.forCurrentAdmin(session, realm).ifPresent(event -> {
                CallbackDecisions.record(event.clone(session), client, CallbackEvents.Decision.APPROVED, approvedNow);
                CallbackDecisions.record(event.clone(session), client, CallbackEvents.Decision.DISMISSED, dismissedNow);
            });
        }
        return result;
    }

    /** The entry is being deleted on the page: the GPT client goes with it, and its sessions end. */
    void removeClientOf(ComponentModel entry) {
        if (session.getAttribute(REMOVING) != null) {
            return;
        }
        ClientModel client = realm.getClientByClientId(entry.get(GptClientEntry.CLIENT_ID));
        if (client != null) {
            session.setAttribute(REMOVING, Boolean.TRUE);
            try {
                new ClientManager(new RealmManager(session)).removeClient(realm, client);
            } finally {
                session.removeAttribute(REMOVING);
            }
        }
    }

    /** The client was deleted (anywhere): its entry goes too. */
    void removeEntryOf(ClientModel client) {
        if (session.getAttribute(REMOVING) == null) {
            entryOf(client.getClientId()).ifPresent(this::removeEntryOnly);
        }
    }

    private void removeEntryOnly(ComponentModel entry) {
        session.setAttribute(REMOVING, Boolean.TRUE);
        try {
            realm.removeComponent(entry);
        } finally {
            session.removeAttribute(REMOVING);
        }
    }

    private Optional<ComponentModel> entryOf(String clientId) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> GptClientsPageFactory.PROVIDER_ID.equals(c.getProviderId()))
                .filter(c -> clientId.equals(c.get(GptClientEntry.CLIENT_ID)))
                .findFirst();
    }

    private ComponentModel newEntry() {
        ComponentModel entry = new ComponentModel();
        entry.setProviderId(GptClientsPageFactory.PROVIDER_ID);
        entry.setProviderType(UiPageProvider.class.getName());
        entry.setParentId(realm.getId());
        return entry;
    }

    /** Fields as storage keeps them: no empty lists, values in no particular order. */
    private static Map<String, Set<String>> comparable(Map<String, List<String>> fields) {
        Map<String, Set<String>> result = new HashMap<>();
        fields.forEach((key, values) -> {
            if (values != null && !values.isEmpty()) {
                result.put(key, new HashSet<>(values));
            }
        });
        return result;
    }

    private static Set<String> callbacks(List<String> waitingLines) {
        return waitingLines.stream().filter(Objects::nonNull).filter(line -> !line.isBlank())
                .map(GptClientEntry::callbackOf).collect(Collectors.toSet());
    }

    private static CallbackAllowList parseApproved(List<String> lines) {
        try {
            return CallbackAllowList.parse(String.join(",", lines.stream().filter(Objects::nonNull).toList()));
        } catch (CallbackAllowList.InvalidEntriesException e) {
            // The console formats the message with MessageFormat, where a single quote is an escape character.
            throw new ComponentValidationException(e.getMessage().replace("'", "''"));
        }
    }
}
