package io.actiongate.server.migration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.FrontDoor;
import io.actiongate.server.testing.GptClientsPage;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.RealmHistory;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.RunningKeycloak;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Day two: a realm made by an earlier release, brought to this build's shape at start by the realm migrations, with
 * the settings the environment owns applied at every start; and the starts that must refuse, with nothing half-done.
 * One DATA_DIR goes through the starts an admin's deployment would, in order. The first MCP release's realm is
 * upgraded by two PostgreSQL nodes starting together (ClusterFailoverIT).
 */
class RealmMigrationIT {

    private static final String MCP_RESOURCE = "https://one.example.test/mcp";
    private static final String LATER_GPT = "https://chatgpt.com/aip/g-addedlater01/oauth/callback";
    private static final String NEWEST_VERSION = "6";

    @Test
    void aRealmOfTheFirstReleaseUpgradesKeepsItsDataAndTakesChangedSettings() throws IOException {
        try (FrontDoor door = FrontDoor.start()) {
            upgradeTheFirstRelease(door);
        }
    }

    private void upgradeTheFirstRelease(FrontDoor door) throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of("PUBLIC_API_URL", "https://one.example.test",
                "MCP_REGISTRATION", "cimd,dcr", "PUBLIC_AUTH_URL", door.url()));
        RealmSettings settings;
        String refreshToken;
        // The first release's deployment: its realm, a user's GPT sign-in, an admin's own client and edit, and a
        // client an admin made by hand with the id a later release needs for something else.
        try (StagedKeycloak firstServer = StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES), environment);
             KeycloakAdmin admin = new KeycloakAdmin(firstServer)) {
            KeycloakUnderTest first = through(door, firstServer);
            settings = firstServer.settings();
            environment.put("DATA_DIR", firstServer.dataDir().toString());
            admin.realm().remove();
            Map<String, String> placeholders = new HashMap<>(settings.environment());
            placeholders.putAll(environment);
            admin.admin().body(RealmHistory.FIRST_RELEASE.resolved(placeholders))
                    .post(first.baseUrl() + "/admin/realms").then().statusCode(201);
            ChatGpt chatGpt = new ChatGpt(first);
            ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "before", "openid offline_access");
            refreshToken = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY)
                    .then().statusCode(200).extract().path("refresh_token");
            admin.createClient(client("admins-own-app", false));
            admin.createClient(client("agenda-web", true));
            admin.updateClient(admin.clientUuid(settings.clientId()), gpt -> {
                gpt.setDescription("Edited by the admin");
                return gpt;
            });
        }

        // The upgrade meets a client id taken by a public client: it refuses, and changes nothing.
        String refused = StagedKeycloak.refusedStart(settings, environment);
        assertThat(refused).contains("ERROR").contains("the client id 'agenda-web' is taken")
                .contains("set WEB_CLIENT_ID to an id no client has");

        // Positive control: with another id for the page's client the upgrade runs every step, from version 1
        // (the refused start left nothing behind: its clients are added now).
        environment.put("WEB_CLIENT_ID", "agenda-page");
        try (StagedKeycloak upgradedServer = StagedKeycloak.start(settings, environment);
             KeycloakAdmin admin = new KeycloakAdmin(upgradedServer)) {
            KeycloakUnderTest upgraded = through(door, upgradedServer);
            String log = Files.readString(upgradedServer.log());
            assertThat(log).contains("ActionGate realm 'gpt': found at version 1; ran step 2, 3, 4, 5, 6; now at version 6")
                    .contains("client agenda-mcp added").contains("client agenda-page added")
                    .contains("anonymous client registration policy 'Trusted Hosts' removed");
            assertThat(version(admin)).isEqualTo(NEWEST_VERSION);
            // The console's GPT clients page shows it (entryOnce fails unless the entry shows it within 30 s).
            new GptClientsPage(admin).entryOnce(settings.clientId(),
                    entry -> List.of(NEWEST_VERSION).equals(GptClientsPage.config(entry).get("realmVersion")));

            // What was there before stays: the refresh token, the admin's client and edit, the approved callback.
            new ChatGpt(upgraded).refresh(refreshToken, TokenExchangeMethod.POST_BODY).then().statusCode(200);
            assertThat(admin.clientUuid("admins-own-app")).isNotNull();
            assertThat(admin.client(settings.clientId()).getDescription()).isEqualTo("Edited by the admin");
            assertThat(admin.client("agenda-web").isPublicClient()).isTrue();
            // The allow-list: the approved GPT signs in, another is refused.
            new ChatGpt(upgraded).signIn(TestCallbacks.APPROVED, "after", "openid offline_access");
            new ChatGpt(upgraded).authorize("https://chatgpt.com/aip/g-notapproved1/oauth/callback", "x", "openid")
                    .then().statusCode(400);

            // What later releases added works: the page's sign-in, the predefined connector with its resource,
            // a connector that registers itself, metadata documents' policy first.
            ChatGpt page = new ChatGpt(upgraded, "agenda-page", settings.webClientSecret());
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            ChatGpt.Callback signedIn = page.signIn("https://one.example.test/", "page", "openid",
                    Map.of("code_challenge", McpConnector.challenge(verifier), "code_challenge_method", "S256"),
                    settings.demoUser(), settings.demoPassword());
            Response pageTokens = page.exchangeCode(signedIn.code(), "https://one.example.test/", TokenExchangeMethod.POST_BODY,
                    Map.of("code_verifier", verifier));
            assertThat(pageTokens.statusCode()).as(pageTokens.asString()).isEqualTo(200);
            new McpConnector(upgraded).connect(MCP_RESOURCE, McpConnector.ALL_SCOPES).then().statusCode(200);
            register(upgraded).then().statusCode(201);
            assertThat(admin.realm().clientPoliciesPoliciesResource().getPolicies().getPolicies().get(0).getName())
                    .isEqualTo("chatgpt-connector-metadata-documents");
            assertThat(admin.realm().components().query(admin.realmId(),
                    "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy"))
                    .filteredOn(policy -> "anonymous".equals(policy.getSubType()))
                    .extracting(ComponentRepresentation::getProviderId).contains("chatgpt-connector-registration").doesNotContain("trusted-hosts", "allowed-client-templates");
            assertThat(admin.client("agenda-api").getSecret()).isEqualTo(settings.webClientSecret());
        }

        // Twice is the same as once: nothing changed, no step runs, no setting is written.
        try (StagedKeycloak again = StagedKeycloak.start(settings, environment)) {
            assertThat(Files.readString(again.log()))
                    .contains("ActionGate realm 'gpt': at version 6, this build's; no step to run")
                    .contains("ActionGate realm 'gpt': settings from the environment unchanged")
                    .doesNotContain("setting changed");
        }

        // Settings change between two starts: public URLs, an added callback, a new secret and name.
        String newSecret = RealmSettings.randomSecret();
        RealmSettings changed = new RealmSettings(settings.clientId(), newSecret, settings.callbacks() + "," + LATER_GPT,
                settings.demoUser(), settings.demoPassword(), settings.adminUser(), settings.adminPassword(),
                settings.webClientSecret());
        environment.put("PUBLIC_API_URL", "https://two.example.test");
        environment.put("GPT_CLIENT_NAME", "Agenda, renamed");
        try (StagedKeycloak movedServer = StagedKeycloak.start(changed, environment);
             KeycloakAdmin admin = new KeycloakAdmin(movedServer)) {
            KeycloakUnderTest moved = through(door, movedServer);
            String log = Files.readString(movedServer.log());
            assertThat(log).contains("setting changed: agenda-page redirect URIs (PUBLIC_API_URL)")
                    .contains("setting changed: agenda-mcp-server resource_url (PUBLIC_API_URL)")
                    .contains("setting changed: agenda-gpt secret (GPT_CLIENT_SECRET) replaced")
                    .contains("approved callbacks (GPT_CALLBACKS) added: " + LATER_GPT)
                    .doesNotContain(newSecret).doesNotContain(settings.clientSecret());
            ChatGpt page = new ChatGpt(moved, "agenda-page", settings.webClientSecret());
            Map<String, String> pkce = Map.of("code_challenge", McpConnector.challenge("v".repeat(43)), "code_challenge_method", "S256");
            page.authorize("https://two.example.test/", "page", "openid", pkce).then().statusCode(200);
            page.authorize("https://one.example.test/", "page", "openid", pkce).then().statusCode(400);
            new McpConnector(moved).connect("https://two.example.test/mcp", McpConnector.ALL_SCOPES).then().statusCode(200);
            new ChatGpt(moved).signIn(LATER_GPT, "later", "openid offline_access");
            ClientRepresentation gpt = admin.client(settings.clientId());
            assertThat(gpt.getName()).isEqualTo("Agenda, renamed");
            assertThat(gpt.getSecret()).isEqualTo(newSecret);
            assertThat(gpt.getAttributes().get("actiongate.callbacks")).contains(TestCallbacks.APPROVED, LATER_GPT);
            assertThat(gpt.getDescription()).as("a console-owned field").isEqualTo("Edited by the admin");

            // An admin deletes a client ActionGate needs, then marks the realm as written by a newer release.
            admin.realm().clients().get(admin.clientUuid("agenda-mcp")).remove();
        }
        String missing = StagedKeycloak.refusedStart(changed, environment);
        assertThat(missing).contains("ERROR").contains("the client 'agenda-mcp' is missing").contains("REALM_RECREATE_MISSING");

        environment.put("REALM_RECREATE_MISSING", "true");
        try (StagedKeycloak repairedServer = StagedKeycloak.start(changed, environment);
             KeycloakAdmin admin = new KeycloakAdmin(repairedServer)) {
            KeycloakUnderTest repaired = through(door, repairedServer);
            assertThat(Files.readString(repairedServer.log())).contains("client agenda-mcp added");
            new McpConnector(repaired).connect("https://two.example.test/mcp", McpConnector.ALL_SCOPES).then().statusCode(200);
            RealmRepresentation realm = admin.realm().toRepresentation();
            realm.getAttributes().put("actiongate.realm-version", "99");
            admin.realm().update(realm);
        }
        environment.remove("REALM_RECREATE_MISSING");
        assertThat(StagedKeycloak.refusedStart(changed, environment)).contains("ERROR")
                .contains("at ActionGate realm version 99, newer than this build's 6 (a downgrade)");
    }

    /** The server as its users reach it: through the door whose URL stays while the servers behind it change. */
    private static KeycloakUnderTest through(FrontDoor door, StagedKeycloak keycloak) {
        door.pin(keycloak.baseUrl());
        return new RunningKeycloak(door.url(), keycloak.settings());
    }

    private static String version(KeycloakAdmin admin) {
        return admin.realm().toRepresentation().getAttributes().get("actiongate.realm-version");
    }

    private static ClientRepresentation client(String clientId, boolean publicClient) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(publicClient);
        client.setRedirectUris(List.of("https://app.example.test/*"));
        return client;
    }

    /** An anonymous registration as ChatGPT's connectors send it. */
    private static Response register(KeycloakUnderTest keycloak) {
        return given().contentType("application/json").body(Map.of(
                        "client_name", "ChatGPT " + UUID.randomUUID(),
                        "redirect_uris", List.of(McpConnector.STABLE_CALLBACK),
                        "grant_types", List.of("authorization_code", "refresh_token"),
                        "response_types", List.of("code"),
                        "token_endpoint_auth_method", "none"))
                .post(keycloak.realmUrl() + "/clients-registrations/openid-connect");
    }
}
