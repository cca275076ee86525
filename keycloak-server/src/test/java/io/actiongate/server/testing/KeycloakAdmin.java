package io.actiongate.server.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientMappingsRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.MappingsRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak's admin REST API, signed in as the bootstrap admin, for test set-up: Keycloak's own resources through
 * {@code keycloak-admin-client} ({@link #realm()}), ActionGate's admin endpoints and raw answers through
 * {@link #admin()}.
 */
public final class KeycloakAdmin implements AutoCloseable {

    private final KeycloakUnderTest keycloak;
    private final Keycloak client;

    public KeycloakAdmin(KeycloakUnderTest keycloak) {
        this.keycloak = keycloak;
        this.client = KeycloakBuilder.builder()
                .serverUrl(keycloak.baseUrl())
                .realm("master")
                .clientId("admin-cli")
                .username(keycloak.settings().adminUser())
                .password(keycloak.settings().adminPassword())
                .build();
    }

    /** The gpt realm, through Keycloak's admin client. */
    public RealmResource realm() {
        return client.realm(KeycloakUnderTest.REALM);
    }

    /** A user of the gpt realm with a password and a complete profile (no required actions); returns its id. */
    public String createUser(String username, String password) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName(username);
        user.setEmail(username + "@example.com");
        user.setCredentials(List.of(credential));
        try (Response created = realm().users().create(user)) {
            return CreatedResponseUtil.getCreatedId(created);
        }
    }

    /** Creates a client; returns its internal id. */
    public String createClient(ClientRepresentation representation) {
        try (Response created = realm().clients().create(representation)) {
            return CreatedResponseUtil.getCreatedId(created);
        }
    }

    /** Ends every session of the user, offline ones included: what an admin does to revoke access. */
    public void logoutUser(String userId) {
        UserResource user = realm().users().get(userId);
        user.logout();
        for (Map<String, Object> consent : user.getConsents()) {
            user.revokeConsent(String.valueOf(consent.get("clientId")));
        }
    }

    /** The realm's internal id, the parent of its components. */
    public String realmId() {
        return realm().toRepresentation().getId();
    }

    /** The client's representation. */
    public ClientRepresentation client(String clientId) {
        return clientResource(clientId).toRepresentation();
    }

    /** The client's admin resource. */
    public ClientResource clientResource(String clientId) {
        String uuid = clientUuid(clientId);
        if (uuid == null) {
            throw new IllegalStateException("no client " + clientId);
        }
        return realm().clients().get(uuid);
    }

    /** The client's internal id, which Keycloak's admin paths use; null when there is no such client. */
    public String clientUuid(String clientId) {
        return realm().clients().findByClientId(clientId).stream().findFirst().map(ClientRepresentation::getId).orElse(null);
    }

    /** Changes a client's representation in place. */
    public void updateClient(String uuid, UnaryOperator<ClientRepresentation> change) {
        ClientResource resource = realm().clients().get(uuid);
        resource.update(change.apply(resource.toRepresentation()));
    }

    /** The client's secret, as the admin console shows it. */
    public String clientSecret(String uuid) {
        return realm().clients().get(uuid).getSecret().getValue();
    }

    /**
     * A new client configured like an existing one (the realm's GPT client, say), with its own client id and
     * secret, its protocol mappers and its role scope mappings; {@code change} edits the representation before
     * it is created.
     */
    public String createClientLike(String templateClientId, String clientId, String secret,
                                   UnaryOperator<ClientRepresentation> change) {
        ClientResource template = clientResource(templateClientId);
        ClientRepresentation client = template.toRepresentation();
        client.setId(null);
        client.setClientId(clientId);
        client.setSecret(secret);
        if (client.getProtocolMappers() != null) {
            client.getProtocolMappers().forEach(mapper -> mapper.setId(null));
        }
        String uuid = createClient(change.apply(client));
        copyScopeMappings(template, realm().clients().get(uuid));
        return uuid;
    }

    /** Role scope mappings are not part of a client's representation (the GPT client has the broker's read-token). */
    private static void copyScopeMappings(ClientResource from, ClientResource to) {
        MappingsRepresentation mappings = from.getScopeMappings().getAll();
        if (mappings.getRealmMappings() != null && !mappings.getRealmMappings().isEmpty()) {
            to.getScopeMappings().realmLevel().add(mappings.getRealmMappings());
        }
        if (mappings.getClientMappings() != null) {
            for (ClientMappingsRepresentation roles : mappings.getClientMappings().values()) {
                to.getScopeMappings().clientLevel(roles.getId()).add(roles.getMappings());
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
    public GptClient createGptClient(String approvedCallbacks, UnaryOperator<ClientRepresentation> change) {
        String clientId = "gpt-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = RealmSettings.randomSecret();
        String uuid = createClientLike(keycloak.settings().clientId(), clientId, secret, client -> {
            Map<String, String> attributes = new HashMap<>(client.getAttributes());
            attributes.put("actiongate.callbacks", approvedCallbacks);
            client.setAttributes(attributes);
            return change.apply(client);
        });
        return new GptClient(clientId, secret, uuid);
    }

    public String userId(String username) {
        return realm().users().searchByUsername(username, true).get(0).getId();
    }

    /** A raw request with the admin's token: for ActionGate's own admin endpoints and for asserting on answers. */
    public RequestSpecification admin() {
        return given().auth().oauth2(client.tokenManager().getAccessTokenString()).contentType(ContentType.JSON);
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

    @Override
    public void close() {
        client.close();
    }
}
