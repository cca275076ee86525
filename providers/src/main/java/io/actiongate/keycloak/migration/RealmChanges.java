package io.actiongate.keycloak.migration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.RepresentationToModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy;
import org.keycloak.services.managers.ClientManager;

/**
 * What migration steps and settings do to one realm, through Keycloak's model API inside the migration's
 * transaction, each change recorded in a line for the log. Every operation is idempotent: what is already as
 * the realm file has it is left alone and not recorded.
 */
public final class RealmChanges {

    private static final Logger LOG = Logger.getLogger(RealmChanges.class);

    private static final String REGISTRATION_POLICY = ClientRegistrationPolicy.class.getName();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final StagedRealm staged;
    private final boolean recreateMissingClients;
    private final List<String> lines = new ArrayList<>();

    RealmChanges(KeycloakSession session, RealmModel realm, StagedRealm staged, boolean recreateMissingClients) {
        this.recreateMissingClients = recreateMissingClients;
        this.session = session;
        this.realm = realm;
        this.staged = staged;
    }

    KeycloakSession session() {
        return session;
    }

    RealmModel realm() {
        return realm;
    }

    StagedRealm staged() {
        return staged;
    }

    /** One line per change made, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    void record(String line) {
        lines.add(line);
    }

    /** Adds the client from the realm file if no client has its id; one that has it must be of the same kind. */
    public ClientModel ensureClient(ManagedClient managed) {
        ClientRepresentation wanted = staged.client(managed.key());
        ClientModel existing = realm.getClientByClientId(wanted.getClientId());
        if (existing == null) {
            ClientModel created = ClientManager.createClient(session, realm, wanted);
            record("client " + wanted.getClientId() + " added (" + managed.purpose() + ")");
            return created;
        }
        String wantedKind = kind(wanted.getProtocol(), Boolean.TRUE.equals(wanted.isPublicClient()),
                Boolean.TRUE.equals(wanted.isBearerOnly()));
        String existingKind = kind(existing.getProtocol(), existing.isPublicClient(), existing.isBearerOnly());
        if (wantedKind.equals(existingKind)) {
            record("client " + wanted.getClientId() + " already there (made by hand?): taken as " + managed.purpose()
                    + "; its settings the environment owns are applied");
        } else {
            throw new MigrationRefused("the client id '" + wanted.getClientId() + "' is taken: ActionGate needs it for "
                    + managed.purpose() + ", a " + wantedKind + ", but the realm's client with that id is a " + existingKind,
                    managed.freeIdFix(wanted.getClientId()));
        }
        return existing;
    }

    /**
     * The client ActionGate needs and the realm must still have (a step made it, or the first import did); made
     * again from the realm file if an admin deleted it and asked for that.
     */
    public ClientModel requireClient(ManagedClient managed) {
        ClientRepresentation wanted = staged.client(managed.key());
        ClientModel existing = realm.getClientByClientId(wanted.getClientId());
        if (existing == null && recreateMissingClients) {
            return ensureClient(managed);
        }
        if (existing == null) {
            throw new MigrationRefused("the client '" + wanted.getClientId() + "' is missing (deleted in the admin console?): "
                    + "ActionGate needs it for " + managed.purpose(),
                    "start once with REALM_RECREATE_MISSING=true, which makes it again as the realm file has it");
        }
        return existing;
    }

    private static String kind(String protocol, boolean publicClient, boolean bearerOnly) {
        String type = bearerOnly ? "bearer-only" : publicClient ? "public" : "confidential";
        return type + " " + (protocol == null ? "openid-connect" : protocol) + " client";
    }

    public void ensureClientScope(String name) {
        boolean present = realm.getClientScopesStream().map(ClientScopeModel::getName).anyMatch(name::equals);
        if (!present) {
            RepresentationToModel.createClientScope(realm, staged.clientScope(name));
            record("client scope " + name + " added");
        }
    }

    /** The named profiles become the realm file's; the realm's other profiles stay, after ActionGate's. */
    public void syncClientProfiles(String... names) {
        try {
            ClientProfilesRepresentation current = session.clientPolicy().getClientProfiles(realm, false);
            List<ClientProfileRepresentation> merged = merge(staged.clientProfiles(), current.getProfiles(),
                    ClientProfileRepresentation::getName, Set.of(names));
            if (!merged.equals(current.getProfiles())) {
                ClientProfilesRepresentation updated = new ClientProfilesRepresentation();
                updated.setProfiles(merged);
                session.clientPolicy().updateClientProfiles(realm, updated);
                record("client profiles " + String.join(", ", names) + " as this release ships them");
            }
        } catch (ClientPolicyException e) {
            throw new IllegalStateException("client profiles: " + e.getErrorDetail(), e);
        }
    }

    /** The named policies become the realm file's, in its order; the realm's other policies stay, after them. */
    public void syncClientPolicies(String... names) {
        try {
            ClientPoliciesRepresentation current = session.clientPolicy().getClientPolicies(realm, false);
            List<ClientPolicyRepresentation> merged = merge(staged.clientPolicies(), current.getPolicies(),
                    ClientPolicyRepresentation::getName, Set.of(names));
            if (!merged.equals(current.getPolicies())) {
                ClientPoliciesRepresentation updated = new ClientPoliciesRepresentation();
                updated.setPolicies(merged);
                session.clientPolicy().updateClientPolicies(realm, updated);
                record("client policies " + String.join(", ", names) + " as this release ships them");
            }
        } catch (ClientPolicyException e) {
            throw new IllegalStateException("client policies: " + e.getErrorDetail(), e);
        }
    }

    /**
     * The realm file's entries in its order (the named ones from the file, the others as the realm has them, if it
     * has them), then the realm's entries the file does not know.
     */
    static <T> List<T> merge(List<T> file, List<T> realm, Function<T, String> name, Set<String> fromFile) {
        List<T> realmEntries = realm == null ? List.of() : realm;
        Map<String, T> byName = realmEntries.stream().collect(Collectors.toMap(name, entry -> entry, (a, b) -> a));
        Set<String> fileNames = new HashSet<>();
        List<T> merged = new ArrayList<>();
        for (T entry : file) {
            String entryName = name.apply(entry);
            fileNames.add(entryName);
            if (fromFile.contains(entryName)) {
                merged.add(entry);
            } else if (byName.containsKey(entryName)) {
                merged.add(byName.get(entryName));
            }
        }
        realmEntries.stream().filter(entry -> !fileNames.contains(name.apply(entry))).forEach(merged::add);
        return merged;
    }

    /** Removes the client registration policies of these providers and kind ({@code anonymous}, ...). */
    public void removeRegistrationPolicies(String subType, String... providerIds) {
        Set<String> ids = Set.of(providerIds);
        for (ComponentModel policy : registrationPolicies(subType)) {
            if (ids.contains(policy.getProviderId())) {
                realm.removeComponent(policy);
                record(subType + " client registration policy '" + policy.getName() + "' removed");
            }
        }
    }

    /** Adds the realm file's client registration policy of this provider and kind if the realm has none. */
    public void addRegistrationPolicy(String subType, String providerId) {
        if (registrationPolicies(subType).stream().anyMatch(policy -> providerId.equals(policy.getProviderId()))) {
            return;
        }
        ComponentExportRepresentation wanted = stagedRegistrationPolicy(subType, providerId);
        ComponentModel model = new ComponentModel();
        model.setName(wanted.getName());
        model.setProviderId(providerId);
        model.setProviderType(REGISTRATION_POLICY);
        model.setParentId(realm.getId());
        model.setSubType(subType);
        model.setConfig(new MultivaluedHashMap<>(wanted.getConfig()));
        realm.addComponentModel(model);
        record(subType + " client registration policy '" + wanted.getName() + "' added");
    }

    /** Gives the realm's client registration policy of this provider and kind the realm file's settings. */
    public void configureRegistrationPolicy(String subType, String providerId) {
        addRegistrationPolicy(subType, providerId);
        MultivaluedHashMap<String, String> wanted = new MultivaluedHashMap<>(stagedRegistrationPolicy(subType, providerId).getConfig());
        for (ComponentModel policy : registrationPolicies(subType)) {
            if (providerId.equals(policy.getProviderId()) && !sameConfig(policy.getConfig(), wanted)) {
                policy.setConfig(wanted);
                realm.updateComponent(policy);
                record(subType + " client registration policy '" + policy.getName() + "' set as this release ships it");
            }
        }
    }

    private static boolean sameConfig(MultivaluedHashMap<String, String> current, MultivaluedHashMap<String, String> wanted) {
        Set<String> keys = new HashSet<>(current.keySet());
        keys.addAll(wanted.keySet());
        return keys.stream().allMatch(key -> Objects.equals(orEmpty(current.get(key)), orEmpty(wanted.get(key))));
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private List<ComponentModel> registrationPolicies(String subType) {
        return realm.getComponentsStream(realm.getId(), REGISTRATION_POLICY)
                .filter(policy -> subType.equals(policy.getSubType())).toList();
    }

    private ComponentExportRepresentation stagedRegistrationPolicy(String subType, String providerId) {
        return staged.registrationPolicies(subType).stream().filter(policy -> providerId.equals(policy.getProviderId()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the realm file has no " + subType
                        + " registration policy " + providerId));
    }

    /** Gives the client the realm file's value of an attribute it does not have (one an admin set stays). */
    public void ensureClientAttribute(ManagedClient managed, String attribute) {
        ClientModel client = requireClient(managed);
        String wanted = StagedRealm.attribute(staged.client(managed.key()), attribute);
        if (client.getAttribute(attribute) == null && wanted != null) {
            client.setAttribute(attribute, wanted);
            record("client " + client.getClientId() + " attribute " + attribute + " = " + wanted);
        }
    }

    /** Moves the broker's {@code read-token} role from one client's scope to another's. */
    public void moveBrokerReadToken(ManagedClient from, ManagedClient to) {
        ClientModel broker = realm.getClientByClientId("broker");
        RoleModel readToken = broker == null ? null : broker.getRole("read-token");
        if (readToken == null) {
            return;
        }
        ClientModel source = realm.getClientByClientId(staged.client(from.key()).getClientId());
        if (source != null && source.hasDirectScope(readToken)) {
            source.deleteScopeMapping(readToken);
            record("client " + source.getClientId() + " no longer has the broker's read-token role in its scope");
        }
        ClientModel target = requireClient(to);
        if (!target.hasDirectScope(readToken)) {
            target.addScopeMapping(readToken);
            record("client " + target.getClientId() + " has the broker's read-token role in its scope");
        }
    }

    /**
     * A value whose variable is not set at all (Keycloak started without ActionGate's launcher): the realm keeps what
     * it has rather than the placeholder's text.
     */
    private static boolean leftUnset(String what, Object wanted) {
        if (StagedRealm.unresolved(wanted) || wanted instanceof java.util.Collection<?> values && values.stream().anyMatch(StagedRealm::unresolved)) {
            LOG.warnf("ActionGate: %s left as it is: its variable is not set (start Keycloak through bin/actiongate-keycloak.sh)", what);
            return true;
        }
        return false;
    }

    /** An empty text and none are the same setting (a realm file's {@code ${VAR:}} against a value never set). */
    private static boolean differs(Object current, Object wanted) {
        return !Objects.equals(blankToNull(current), blankToNull(wanted));
    }

    private static Object blankToNull(Object value) {
        return value instanceof String text && text.isBlank() ? null : value;
    }

    /** Applies {@code wanted} through {@code apply} when it differs from {@code current}; says so in a line. */
    <T> void set(String what, T current, T wanted, Consumer<T> apply) {
        if (leftUnset(what, wanted)) {
            return;
        }
        if (differs(current, wanted)) {
            apply.accept(wanted);
            record(what + ": " + current + " -> " + wanted);
        }
    }

    /** As {@link #set}, for a value that never goes into the log (a secret). */
    <T> void setQuietly(String what, T current, T wanted, Consumer<T> apply) {
        if (leftUnset(what, wanted)) {
            return;
        }
        if (differs(current, wanted)) {
            apply.accept(wanted);
            record(what + " replaced");
        }
    }
}
