package io.actiongate.keycloak.migration;

import io.actiongate.keycloak.ActionGateRealm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.common.util.StringPropertyReplacer;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The realm file this build ships, read twice: as written, to know each client by the id it has by default
 * ({@code ${WEB_CLIENT_ID:agenda-web}} is {@code agenda-web}), and with its placeholders resolved from the
 * environment the way Keycloak's import resolves them (environment variables only), for the values a step or a
 * setting copies.
 */
public final class StagedRealm {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z0-9_]+(?::([^}]*))?}");
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{[A-Z0-9_]+}");

    /** The clients' ids as written, placeholders and all, in the file's order. */
    private final List<String> writtenClientIds;
    private final RealmRepresentation resolved;

    private StagedRealm(List<String> writtenClientIds, RealmRepresentation resolved) {
        this.writtenClientIds = writtenClientIds;
        this.resolved = resolved;
    }

    public static StagedRealm read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> clientIds = new ArrayList<>();
        JsonSerialization.mapper.readTree(text).path("clients").forEach(client -> clientIds.add(client.path("clientId").asText()));
        return new StagedRealm(clientIds, JsonSerialization.readValue(
                StringPropertyReplacer.replaceProperties(text, name -> jsonEscaped(System.getenv(name))), RealmRepresentation.class));
    }

    /**
     * A value as it may stand inside the file's JSON strings: Keycloak's own import puts it in as it is, so a quote
     * in a later SERVICE_NAME would otherwise stop every start instead of only a first one.
     */
    static String jsonEscaped(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A value the environment left unset: its placeholder is still in it. */
    static boolean unresolved(Object value) {
        return value instanceof String text && UNRESOLVED.matcher(text).find();
    }

    public String name() {
        return resolved.getRealm();
    }

    /** The version the file's realm is at; a realm imported from it needs no step. */
    public int version() {
        String value = resolved.getAttributesOrEmpty().get(ActionGateRealm.VERSION);
        if (value == null) {
            throw new IllegalStateException("the realm file has no attribute " + ActionGateRealm.VERSION);
        }
        return Integer.parseInt(value);
    }

    public String displayName() {
        return resolved.getDisplayName();
    }

    /** The client that is {@code key} by default, as the environment names and shapes it now. */
    public ClientRepresentation client(String key) {
        for (int i = 0; i < writtenClientIds.size(); i++) {
            if (key.equals(defaultOf(writtenClientIds.get(i)))) {
                return resolved.getClients().get(i);
            }
        }
        throw new IllegalArgumentException("the realm file has no client " + key);
    }

    public ClientScopeRepresentation clientScope(String name) {
        return resolved.getClientScopes().stream().filter(scope -> name.equals(scope.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the realm file has no client scope " + name));
    }

    public List<ClientPolicyRepresentation> clientPolicies() {
        return resolved.getParsedClientPolicies().getPolicies();
    }

    public List<ClientProfileRepresentation> clientProfiles() {
        return resolved.getParsedClientProfiles().getProfiles();
    }

    /** The client registration policies of one kind ({@code anonymous} or {@code authenticated}). */
    public List<ComponentExportRepresentation> registrationPolicies(String subType) {
        List<ComponentExportRepresentation> all = resolved.getComponents()
                .get("org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy");
        return all == null ? List.of() : all.stream().filter(policy -> subType.equals(policy.getSubType())).toList();
    }

    public Optional<IdentityProviderRepresentation> identityProvider(String alias) {
        return Optional.ofNullable(resolved.getIdentityProviders()).orElse(List.of()).stream()
                .filter(provider -> alias.equals(provider.getAlias())).findFirst();
    }

    /** A client's attribute in the file; none when the client has no attributes. */
    static String attribute(ClientRepresentation client, String name) {
        return client.getAttributes() == null ? null : client.getAttributes().get(name);
    }

    /** {@code ${NAME:default}} is {@code default}; a literal is itself. */
    static String defaultOf(String written) {
        Matcher matcher = PLACEHOLDER.matcher(written);
        return matcher.matches() ? matcher.group(1) : written;
    }
}
