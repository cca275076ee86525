package io.actiongate.keycloak.migration;

import io.actiongate.keycloak.ActionGateRealm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The migration steps against the realm file they bring realms to. */
class RealmStepsTest {

    private static final Path REALM_FILE = Path.of("../realm-config/gpt-realm.json");

    /**
     * The realm file's shape (clients, scopes, mappers, client policies and profiles, registration policies, scope
     * mappings) at each version since the versions began. A change to the shape must reach existing realms: add a
     * step, raise the file's version, then add the fingerprint the failing test prints here under the new version.
     */
    private static final Map<Integer, String> SHAPES = Map.of(
            6, "2e0b5ccd63d1cf2f959ad0357d8b2b9e13fac1331eb5ea31af0bec00d5dbfcbc");

    @Test
    void theRealmFileIsAtTheNewestStepsVersion() throws Exception {
        assertThat(realmFile().path("attributes").path(ActionGateRealm.VERSION).asText())
                .isEqualTo(String.valueOf(RealmSteps.NEWEST));
    }

    @Test
    void stepsFollowTheFirstReleaseWithoutGaps() {
        assertThat(RealmSteps.ALL).extracting(MigrationStep::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(RealmSteps.FIRST_RELEASE + 1, RealmSteps.NEWEST).boxed().toList());
    }

    @Test
    void theRealmFilesShapeChangesOnlyWithANewStep() throws Exception {
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(String.join("\n", shape(realmFile())).getBytes(StandardCharsets.UTF_8)));
        assertThat(fingerprint).as("realm-config/gpt-realm.json changed shape: add a migration step to RealmSteps, raise "
                + "the file's " + ActionGateRealm.VERSION + ", and add this fingerprint to SHAPES under the new version")
                .isEqualTo(SHAPES.get(RealmSteps.NEWEST));
        assertThat(Set.copyOf(SHAPES.values())).as("each version has a shape of its own").hasSameSizeAs(SHAPES.values());
    }

    @Test
    void everyClientActionGateNeedsIsInTheRealmFile() throws Exception {
        StagedRealm staged = StagedRealm.read(REALM_FILE);
        for (ManagedClient client : ManagedClient.values()) {
            assertThat(staged.client(client.key()).getClientId()).as(client.key()).isNotBlank();
        }
    }

    @Test
    void aPlaceholdersDefaultIsTheClientsKey() {
        assertThat(StagedRealm.defaultOf("${WEB_CLIENT_ID:agenda-web}")).isEqualTo("agenda-web");
        assertThat(StagedRealm.defaultOf("agenda-api")).isEqualTo("agenda-api");
        assertThat(StagedRealm.defaultOf("${GPT_CLIENT_ID:}")).isEmpty();
    }

    @Test
    void valuesFromTheEnvironmentStayInsideTheirJsonStrings() {
        assertThat(StagedRealm.jsonEscaped("Agenda \"Pro\" \\ A\nB")).isEqualTo("Agenda \\\"Pro\\\" \\\\ A\\u000aB");
        assertThat(StagedRealm.jsonEscaped("https://api.example.com")).isEqualTo("https://api.example.com");
        assertThat(StagedRealm.jsonEscaped(null)).isNull();
    }

    @Test
    void aPlaceholderWithoutADefaultIsUnresolvedWhenItsVariableIsUnset() {
        assertThat(StagedRealm.unresolved("${GPT_CLIENT_SECRET}")).isTrue();
        assertThat(StagedRealm.unresolved("https://chatgpt.com/x,${MCP_CALLBACKS}")).isTrue();
        assertThat(StagedRealm.unresolved("s3cr3t-${not-a-variable}")).isFalse();
        assertThat(StagedRealm.unresolved("a-real-secret")).isFalse();
        assertThat(StagedRealm.unresolved(null)).isFalse();
    }

    @Test
    void mergeTakesTheNamedEntriesFromTheFileInItsOrderAndKeepsTheRealmsOwn() {
        Function<String, String> name = entry -> entry.split(":")[0];
        List<String> file = List.of("metadata:file", "clients:file", "later:file");
        List<String> realm = List.of("admins:realm", "clients:realm");

        assertThat(RealmChanges.merge(file, realm, name, Set.of("metadata")))
                .as("a step that adds 'metadata' puts it first, keeps 'clients' as the realm has it, and 'later' waits")
                .containsExactly("metadata:file", "clients:realm", "admins:realm");
        assertThat(RealmChanges.merge(file, realm, name, Set.of("clients", "later")))
                .containsExactly("clients:file", "later:file", "admins:realm");
        assertThat(RealmChanges.merge(file, null, name, Set.of())).isEmpty();
    }

    private static JsonNode realmFile() throws Exception {
        return new ObjectMapper().readTree(Files.readString(REALM_FILE));
    }

    /** One sorted line per part of the realm's shape; values the environment fills in are left out. */
    private static List<String> shape(JsonNode realm) {
        Set<String> lines = new TreeSet<>();
        realm.path("clients").forEach(client -> lines.add("client " + StagedRealm.defaultOf(client.path("clientId").asText())
                + " public=" + client.path("publicClient").asText() + " bearer=" + client.path("bearerOnly").asText()
                + " attributes=" + names(client.path("attributes")) + " mappers=" + values(client.path("protocolMappers"), "name")
                + " default=" + client.path("defaultClientScopes") + " optional=" + client.path("optionalClientScopes")));
        realm.path("clientScopes").forEach(scope -> lines.add("scope " + scope.path("name").asText()
                + " mappers=" + values(scope.path("protocolMappers"), "name")));
        realm.path("clientPolicies").path("policies").forEach(policy -> lines.add("policy " + policy.path("name").asText()
                + " conditions=" + values(policy.path("conditions"), "condition") + " profiles=" + policy.path("profiles")));
        realm.path("clientProfiles").path("profiles").forEach(profile -> lines.add("profile " + profile.path("name").asText()
                + " executors=" + values(profile.path("executors"), "executor")));
        realm.path("components").fields().forEachRemaining(type -> type.getValue().forEach(component -> lines.add(
                "component " + component.path("providerId").asText() + " " + component.path("subType").asText()
                        + " config=" + component.path("config"))));
        lines.add("client scope mappings " + realm.path("clientScopeMappings"));
        lines.add("scope mappings " + realm.path("scopeMappings"));
        return new ArrayList<>(lines);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(entry -> values.add(entry.path(field).asText()));
        return values.stream().sorted().toList();
    }
}
