package io.actiongate.server.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Keycloak's admin REST API, signed in as the bootstrap admin; for test set-up. */
@SuppressWarnings("unchecked")
public final class KeycloakAdmin {

    private final KeycloakUnderTest keycloak;

    public KeycloakAdmin(KeycloakUnderTest keycloak) {
        this.keycloak = keycloak;
    }

    /** A user of the gpt realm with a password and a complete profile (no required actions). */
    public String createUser(String username, String password) {
        Map<String, Object> user = Map.of(
                "username", username,
                "enabled", true,
                "emailVerified", true,
                "firstName", "Test",
                "lastName", username,
                "email", username + "@example.com",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        Response created = admin().body(user).post(realmAdminUrl() + "/users");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating user " + username + ": HTTP " + created.statusCode() + " " + created.asString());
        }
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Creates a client from its JSON representation; returns its internal id. */
    public String createClient(Map<String, Object> representation) {
        Response created = admin().body(representation).post(realmAdminUrl() + "/clients");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating client: HTTP " + created.statusCode() + " " + created.asString());
        }
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Ends every session of the user, offline ones included: what an admin does to revoke access. */
    public void logoutUser(String userId) {
        admin().post(realmAdminUrl() + "/users/" + userId + "/logout").then().statusCode(204);
        for (Map<String, Object> consent : admin().get(realmAdminUrl() + "/users/" + userId + "/consents")
                .jsonPath().<Map<String, Object>>getList("")) {
            admin().delete(realmAdminUrl() + "/users/" + userId + "/consents/" + consent.get("clientId"))
                    .then().statusCode(204);
        }
    }

    /** The realm's internal id, the parent of its components. */
    public String realmId() {
        return admin().get(realmAdminUrl()).then().statusCode(200).extract().path("id");
    }

    /** The client's representation, as the admin REST API gives it. */
    public Map<String, Object> client(String clientId) {
        return admin().get(realmAdminUrl() + "/clients/" + clientUuid(clientId))
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    /** The client's internal id, which Keycloak's admin paths use. */
    public String clientUuid(String clientId) {
        return admin().queryParam("clientId", clientId).get(realmAdminUrl() + "/clients")
                .then().statusCode(200).extract().jsonPath().getString("[0].id");
    }

    /**
     * A new client configured like an existing one (the realm's GPT client, say), with its own client id and
     * secret, its protocol mappers and its role scope mappings; {@code change} edits the representation before
     * it is created.
     */
    public String createClientLike(String templateClientId, String clientId, String secret,
                                   UnaryOperator<Map<String, Object>> change) {
        String templateUuid = clientUuid(templateClientId);
        Map<String, Object> client = new HashMap<>(admin().get(realmAdminUrl() + "/clients/" + templateUuid)
                .then().statusCode(200).extract().jsonPath().getMap(""));
        client.remove("id");
        client.put("clientId", clientId);
        client.put("secret", secret);
        List<Map<String, Object>> mappers = new ArrayList<>();
        for (Map<String, Object> mapper : (List<Map<String, Object>>) client.getOrDefault("protocolMappers", List.of())) {
            Map<String, Object> copy = new HashMap<>(mapper);
            copy.remove("id");
            mappers.add(copy);
        }
        client.put("protocolMappers", mappers);
        String uuid = createClient(change.apply(client));
        copyScopeMappings(templateUuid, uuid);
        return uuid;
    }

    /** Role scope mappings are not part of a client's representation (the GPT client has the broker's read-token). */
    private void copyScopeMappings(String fromUuid, String toUuid) {
        Map<String, Object> mappings = admin().get(realmAdminUrl() + "/clients/" + fromUuid + "/scope-mappings")
                .then().statusCode(200).extract().jsonPath().getMap("");
        List<Object> realmRoles = (List<Object>) mappings.get("realmMappings");
        if (realmRoles != null && !realmRoles.isEmpty()) {
            admin().body(realmRoles).post(realmAdminUrl() + "/clients/" + toUuid + "/scope-mappings/realm")
                    .then().statusCode(204);
        }
        Map<String, Map<String, Object>> clientRoles = (Map<String, Map<String, Object>>) mappings.get("clientMappings");
        if (clientRoles != null) {
            for (Map<String, Object> roles : clientRoles.values()) {
                admin().body(roles.get("mappings"))
                        .post(realmAdminUrl() + "/clients/" + toUuid + "/scope-mappings/clients/" + roles.get("id"))
                        .then().statusCode(204);
            }
        }
    }

    /** A client with its own id and secret. */
    public record GptClient(String clientId, String secret, String uuid) {
    }

    /**
     * A new GPT client configured like the realm's, with its own id, secret and approved callbacks, so tests do
     * not share pending entries or revocations; {@code change} edits the representation further.
     */
    public GptClient createGptClient(String approvedCallbacks, UnaryOperator<Map<String, Object>> change) {
        String clientId = "gpt-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String secret = RealmSettings.randomSecret();
        String uuid = createClientLike(keycloak.settings().clientId(), clientId, secret, client -> {
            Map<String, Object> attributes = new HashMap<>((Map<String, Object>) client.get("attributes"));
            attributes.put("actiongate.callbacks", approvedCallbacks);
            client.put("attributes", attributes);
            return change.apply(client);
        });
        return new GptClient(clientId, secret, uuid);
    }

    public String userId(String username) {
        return admin().queryParam("username", username).queryParam("exact", true)
                .get(realmAdminUrl() + "/users").jsonPath().getString("[0].id");
    }

    public RequestSpecification admin() {
        return given().auth().oauth2(accessToken()).contentType(ContentType.JSON);
    }

    public String realmAdminUrl() {
        return keycloak.baseUrl() + "/admin/realms/" + KeycloakUnderTest.REALM;
    }

    /** ActionGate's allow-list endpoint of one client ({@code uuid}: Keycloak's internal id). */
    public String callbacksUrl(String uuid) {
        return realmAdminUrl() + "/chatgpt/clients/" + uuid + "/callbacks";
    }

    /** The client's waiting callbacks, as its allow-list endpoint lists them. */
    public List<String> pendingCallbacks(String uuid) {
        return admin().get(callbacksUrl(uuid)).then().statusCode(200).extract().jsonPath().getList("pending.callback", String.class);
    }

    private String accessToken() {
        return given().formParams(Map.of(
                        "grant_type", "password",
                        "client_id", "admin-cli",
                        "username", keycloak.settings().adminUser(),
                        "password", keycloak.settings().adminPassword()))
                .post(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
