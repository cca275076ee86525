package io.actiongate.keycloak.migration;

import io.actiongate.keycloak.GptClientAttributes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * The realm's settings the environment owns (docs/configuration.md, "Who owns a setting"), applied at every start
 * from the realm file with its placeholders resolved now: what an admin set in the environment since the last start
 * takes effect, and nothing is written when nothing changed. Everything else in the realm belongs to the console:
 * the realm file only seeds it on the first start.
 */
final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    static void apply(RealmChanges changes, boolean applyGptClientSecret) {
        StagedRealm staged = changes.staged();
        changes.set("realm display name (SERVICE_NAME)", changes.realm().getDisplayName(), staged.displayName(),
                changes.realm()::setDisplayName);

        ClientModel web = changes.requireClient(ManagedClient.WEB);
        ClientRepresentation webWanted = staged.client(ManagedClient.WEB.key());
        changes.set(web.getClientId() + " redirect URIs (PUBLIC_API_URL)", web.getRedirectUris(),
                webWanted.getRedirectUris() == null ? Set.of() : Set.copyOf(webWanted.getRedirectUris()), web::setRedirectUris);
        changes.set(web.getClientId() + " root URL (PUBLIC_API_URL)", web.getRootUrl(), webWanted.getRootUrl(), web::setRootUrl);
        name(changes, web, webWanted, "SERVICE_NAME");
        secret(changes, web, webWanted, "WEB_CLIENT_SECRET");

        ClientModel api = changes.requireClient(ManagedClient.API);
        secret(changes, api, staged.client(ManagedClient.API.key()), "WEB_CLIENT_SECRET");

        ClientModel mcpServer = changes.requireClient(ManagedClient.MCP_SERVER);
        String resourceUrl = StagedRealm.attribute(staged.client(ManagedClient.MCP_SERVER.key()), "resource_url");
        changes.set(mcpServer.getClientId() + " resource_url (PUBLIC_API_URL)", mcpServer.getAttribute("resource_url"),
                resourceUrl, value -> mcpServer.setAttribute("resource_url", value));

        ClientModel gpt = changes.requireClient(ManagedClient.GPT);
        ClientRepresentation gptWanted = staged.client(ManagedClient.GPT.key());
        name(changes, gpt, gptWanted, "GPT_CLIENT_NAME");
        callbacks(changes, gpt, gptWanted, "GPT_CALLBACKS");
        if (applyGptClientSecret) {
            secret(changes, gpt, gptWanted, "GPT_CLIENT_SECRET");
        }

        ClientModel mcp = changes.requireClient(ManagedClient.MCP);
        ClientRepresentation mcpWanted = staged.client(ManagedClient.MCP.key());
        name(changes, mcp, mcpWanted, "MCP_CLIENT_NAME");
        callbacks(changes, mcp, mcpWanted, "MCP_CALLBACKS");

        staged.identityProvider("google").ifPresent(google -> identityProvider(changes, google));
    }

    private static void name(RealmChanges changes, ClientModel client, ClientRepresentation wanted, String variable) {
        changes.set(client.getClientId() + " name (" + variable + ")", client.getName(), wanted.getName(), client::setName);
    }

    private static void secret(RealmChanges changes, ClientModel client, ClientRepresentation wanted, String variable) {
        changes.setQuietly(client.getClientId() + " secret (" + variable + ")", client.getSecret(), wanted.getSecret(),
                client::setSecret);
    }

    /** The realm file's approved callbacks are added to the client's; none is ever taken away. */
    private static void callbacks(RealmChanges changes, ClientModel client, ClientRepresentation wanted, String variable) {
        List<String> current = entries(client.getAttribute(GptClientAttributes.CALLBACKS));
        Set<String> added = new LinkedHashSet<>(entries(StagedRealm.attribute(wanted, GptClientAttributes.CALLBACKS)));
        added.removeAll(Set.copyOf(current));
        added.removeIf(StagedRealm::unresolved);
        if (!added.isEmpty()) {
            client.setAttribute(GptClientAttributes.CALLBACKS,
                    String.join(",", Stream.concat(current.stream(), added.stream()).toList()));
            changes.record(client.getClientId() + " approved callbacks (" + variable + ") added: " + String.join(", ", added));
        }
    }

    private static List<String> entries(String attribute) {
        return attribute == null ? List.of()
                : Stream.of(attribute.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    /** Sign in with Google: switched on and keyed by GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET. */
    private static void identityProvider(RealmChanges changes, IdentityProviderRepresentation wanted) {
        var providers = changes.session().identityProviders();
        IdentityProviderModel google = providers.getByAlias(wanted.getAlias());
        if (google == null) {
            return;
        }
        boolean[] changed = {false};
        changes.set("identity provider google enabled (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET)", google.isEnabled(),
                wanted.isEnabled(), value -> {
                    google.setEnabled(value);
                    changed[0] = true;
                });
        changes.set("identity provider google client id (GOOGLE_CLIENT_ID)", google.getConfig().get("clientId"),
                wanted.getConfig().get("clientId"), value -> {
                    google.getConfig().put("clientId", value);
                    changed[0] = true;
                });
        changes.setQuietly("identity provider google client secret (GOOGLE_CLIENT_SECRET)", google.getConfig().get("clientSecret"),
                wanted.getConfig().get("clientSecret"), value -> {
                    google.getConfig().put("clientSecret", value);
                    changed[0] = true;
                });
        if (changed[0]) {
            providers.update(google);
        }
    }
}
