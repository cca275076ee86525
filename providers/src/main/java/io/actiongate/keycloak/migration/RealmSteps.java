package io.actiongate.keycloak.migration;

import io.actiongate.keycloak.GptClientAttributes;
import java.util.List;

/**
 * Every change ActionGate made to the realm's shape since its first release, as a step with a version. Version 1
 * is the realm of the first release (2026-11-22), which carried no version; the realm file carries the newest. A
 * change to the realm file's shape adds a step here and raises the file's {@value io.actiongate.keycloak.ActionGateRealm#VERSION}.
 */
public final class RealmSteps {

    /** A realm without the version attribute was imported from the first release's realm file. */
    public static final int FIRST_RELEASE = 1;

    public static final List<MigrationStep> ALL = List.of(
            new MigrationStep(2, "MCP connectors: client scopes agenda:read and agenda:write, clients agenda-mcp-server "
                    + "and agenda-mcp, the allow-list over every client with ChatGPT redirect URIs", realm -> {
                realm.ensureClientScope("agenda:read");
                realm.ensureClientScope("agenda:write");
                realm.ensureClient(ManagedClient.MCP_SERVER);
                realm.ensureClient(ManagedClient.MCP);
                realm.syncClientProfiles("chatgpt");
                realm.syncClientPolicies("chatgpt-clients");
            }),
            new MigrationStep(3, "connectors register themselves: anonymous registration through chatgpt-connector-registration "
                    + "instead of Trusted Hosts and Allowed Client Scopes; agenda-mcp marked as the predefined connector", realm -> {
                realm.ensureClientAttribute(ManagedClient.MCP, GptClientAttributes.CONNECTOR);
                realm.removeRegistrationPolicies("anonymous", "trusted-hosts", "allowed-client-templates");
                realm.addRegistrationPolicy("anonymous", "chatgpt-connector-registration");
            }),
            new MigrationStep(4, "client ID metadata documents: profile chatgpt-connector-metadata, policy "
                    + "chatgpt-connector-metadata-documents", realm -> {
                realm.syncClientProfiles("chatgpt-connector-metadata");
                realm.syncClientPolicies("chatgpt-connector-metadata-documents");
            }),
            new MigrationStep(5, "the agenda page: client agenda-web", realm -> realm.ensureClient(ManagedClient.WEB)),
            new MigrationStep(6, "fail closed: client agenda-api holds the broker's read-token instead of the GPT client; "
                    + "anonymous registrations get no protocol mapper", realm -> {
                realm.ensureClient(ManagedClient.API);
                realm.moveBrokerReadToken(ManagedClient.GPT, ManagedClient.API);
                realm.configureRegistrationPolicy("anonymous", "allowed-protocol-mappers");
            }));

    /** The version a realm is at once every step ran: the realm file's. */
    public static final int NEWEST = ALL.get(ALL.size() - 1).version();

    private RealmSteps() {
    }
}
