package io.actiongate.server.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Google's stand-in: Google cannot be reached from the test machines, so a second realm on the same Keycloak
 * plays the upstream OpenID provider, and the gpt realm gets an identity provider for it with the broker
 * settings of the realm's Google provider (stored tokens, read-token role, trusted e-mail, imported users).
 */
public record UpstreamProvider(String alias, String realm, String username, String password, String email) {

    /** Creates the upstream realm, its user and its client, and the identity provider in the gpt realm. */
    public static UpstreamProvider create(KeycloakUnderTest keycloak) {
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String alias = "upstream-" + suffix;
        String realm = "upstream-" + suffix;
        String clientSecret = RealmSettings.randomSecret();
        String realmUrl = keycloak.baseUrl() + "/realms/" + realm;
        UpstreamProvider upstream = new UpstreamProvider(alias, realm, "alice-" + suffix, RealmSettings.randomSecret(),
                "alice-" + suffix + "@upstream.example");

        admin.admin().body(Map.of(
                        "realm", realm,
                        "enabled", true,
                        "sslRequired", "none",
                        "users", List.of(Map.of(
                                "username", upstream.username(), "enabled", true, "emailVerified", true,
                                "firstName", "Alice", "lastName", "Upstream", "email", upstream.email(),
                                "credentials", List.of(Map.of("type", "password", "value", upstream.password(),
                                        "temporary", false)))),
                        "clients", List.of(Map.of(
                                "clientId", "actiongate-broker", "enabled", true, "publicClient", false,
                                "secret", clientSecret, "standardFlowEnabled", true,
                                "redirectUris", List.of(keycloak.realmUrl() + "/broker/" + alias + "/endpoint")))))
                .post(keycloak.baseUrl() + "/admin/realms").then().statusCode(201);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("authorizationUrl", realmUrl + "/protocol/openid-connect/auth");
        config.put("tokenUrl", realmUrl + "/protocol/openid-connect/token");
        config.put("userInfoUrl", realmUrl + "/protocol/openid-connect/userinfo");
        config.put("jwksUrl", realmUrl + "/protocol/openid-connect/certs");
        config.put("issuer", realmUrl);
        config.put("validateSignature", "true");
        config.put("useJwksUrl", "true");
        config.put("clientId", "actiongate-broker");
        config.put("clientSecret", clientSecret);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", "openid profile email");
        config.put("syncMode", "IMPORT");
        admin.admin().body(Map.of(
                        "alias", alias,
                        "displayName", "Upstream " + suffix,
                        "providerId", "keycloak-oidc",
                        "enabled", true,
                        "trustEmail", true,
                        "storeToken", true,
                        "addReadTokenRoleOnCreate", true,
                        "firstBrokerLoginFlowAlias", "first broker login",
                        "config", config))
                .post(admin.realmAdminUrl() + "/identity-provider/instances").then().statusCode(201);
        return upstream;
    }

    /** Where Keycloak sends a user it hands over to this provider (it redirects on to the provider's login). */
    public String brokerLoginUrl(KeycloakUnderTest keycloak) {
        return keycloak.realmUrl() + "/broker/" + alias + "/login";
    }
}
