package io.actiongate.keycloak.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.oidc.OIDCClientRepresentation;
import org.keycloak.util.JsonSerialization;

class RegistrationAllowListTest {

    /** One hostile change to a connector's client representation. */
    interface Change extends java.util.function.Consumer<ClientRepresentation> {
    }

    private static Map<String, Object> connectorMetadata() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("client_name", "ChatGPT");
        metadata.put("redirect_uris", List.of("https://chatgpt.com/connector_platform_oauth_redirect"));
        metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
        metadata.put("response_types", List.of("code"));
        metadata.put("token_endpoint_auth_method", "none");
        metadata.put("client_uri", "https://chatgpt.com/");
        metadata.put("logo_uri", "https://chatgpt.com/logo.png");
        metadata.put("contacts", List.of("ops@example.com"));
        metadata.put("scope", "agenda:read offline_access");
        metadata.put("application_type", "web");
        return metadata;
    }

    private static OIDCClientRepresentation metadata(Map<String, Object> fields) {
        return JsonSerialization.mapper.convertValue(fields, OIDCClientRepresentation.class);
    }

    @Test
    void whatAConnectorSendsIsAccepted() {
        assertThat(RegistrationAllowList.refusal(metadata(connectorMetadata()))).isEmpty();
    }

    static Stream<Arguments> hostileMetadata() {
        return Stream.of(
                Arguments.of("subject_type", "pairwise", "subject_type"),
                Arguments.of("sector_identifier_uri", "https://evil.example/s.json", "sector_identifier_uri"),
                Arguments.of("jwks", Map.of("keys", List.of()), "jwks"),
                Arguments.of("post_logout_redirect_uris", List.of("https://evil.example/"), "post_logout_redirect_uris"),
                Arguments.of("backchannel_logout_uri", "https://evil.example/", "backchannel_logout_uri"),
                Arguments.of("frontchannel_logout_uri", "https://evil.example/", "frontchannel_logout_uri"),
                Arguments.of("default_acr_values", List.of("gold"), "default_acr_values"),
                Arguments.of("id_token_signed_response_alg", "none", "id_token_signed_response_alg"),
                Arguments.of("tls_client_certificate_bound_access_tokens", true, "tls_client_certificate_bound_access_tokens"),
                Arguments.of("require_pushed_authorization_requests", true, "require_pushed_authorization_requests"),
                Arguments.of("initiate_login_uri", "https://evil.example/", "initiate_login_uri"),
                Arguments.of("client_secret", "chosen", "client_secret"),
                Arguments.of("application_type", "service", "application_type"),
                Arguments.of("client_name", "x".repeat(256), "client_name is longer than 200"),
                Arguments.of("redirect_uris", java.util.Collections.nCopies(21, "https://chatgpt.com/connector_platform_oauth_redirect"),
                        "at most 20"),
                Arguments.of("contacts", List.of("y".repeat(3000)), "contacts is longer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMetadata")
    void everyOtherFieldIsRefusedByName(String field, Object value, String named) {
        Map<String, Object> fields = connectorMetadata();
        fields.put(field, value);

        assertThat(RegistrationAllowList.refusal(metadata(fields))).hasValueSatisfying(refusal -> {
            assertThat(refusal.error()).isEqualTo("invalid_client_metadata");
            assertThat(refusal.description()).contains(named);
        });
    }

    private static ClientRepresentation connectorClient() {
        ClientRepresentation client = new ClientRepresentation();
        client.setName("ChatGPT");
        client.setRedirectUris(List.of("https://chatgpt.com/connector_platform_oauth_redirect"));
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setProtocol("openid-connect");
        client.setOptionalClientScopes(List.of("agenda:read"));
        client.setAttributes(new HashMap<>(Map.of("use.refresh.tokens", "true", "oidc.ciba.grant.enabled", "false",
                "logoUri", "https://chatgpt.com/logo.png")));
        return client;
    }

    @Test
    void aConnectorsClientIsAccepted() {
        assertThat(RegistrationAllowList.refusal(connectorClient())).isEmpty();
        // What Keycloak adds itself when a registration names scopes.
        ClientRepresentation withBasic = connectorClient();
        withBasic.setDefaultClientScopes(List.of("basic"));
        assertThat(RegistrationAllowList.refusal(withBasic)).isEmpty();
    }

    @Test
    void protocolMappersAreRefused() {
        ClientRepresentation client = connectorClient();
        ProtocolMapperRepresentation sub = new ProtocolMapperRepresentation();
        sub.setName("sub");
        sub.setProtocol("openid-connect");
        sub.setProtocolMapper("oidc-usermodel-property-mapper");
        sub.setConfig(Map.of("claim.name", "sub", "user.attribute", "firstName"));
        client.setProtocolMappers(List.of(sub));

        assertThat(RegistrationAllowList.refusal(client)).hasValueSatisfying(refusal ->
                assertThat(refusal.description()).startsWith("protocolMappers is not accepted"));
    }

    static Stream<Arguments> hostileClients() {
        return Stream.of(
                Arguments.of("full scope", (Change) c -> c.setFullScopeAllowed(true), "fullScopeAllowed"),
                Arguments.of("default scopes", (Change) c -> c.setDefaultClientScopes(List.of("roles")), "defaultClientScopes"),
                Arguments.of("web origins", (Change) c -> c.setWebOrigins(List.of("*")), "webOrigins"),
                Arguments.of("flow overrides", (Change) c -> c.setAuthenticationFlowBindingOverrides(Map.of("browser", "x")), "authenticationFlowBindingOverrides"),
                Arguments.of("a confidential client", (Change) c -> c.setPublicClient(false), "publicClient"),
                Arguments.of("a secret", (Change) c -> c.setSecret("s"), "secret"),
                Arguments.of("the password grant", (Change) c -> c.setDirectAccessGrantsEnabled(true), "directAccessGrantsEnabled"),
                Arguments.of("saml", (Change) c -> c.setProtocol("saml"), "protocol"),
                Arguments.of("root URL", (Change) c -> c.setRootUrl("https://evil.example"), "rootUrl"),
                Arguments.of("an attribute", (Change) c -> c.getAttributes().put("actiongate.callbacks", "g-x"), "actiongate.callbacks"),
                Arguments.of("a grant switched on", (Change) c -> c.getAttributes().put("oidc.ciba.grant.enabled", "true"), "oidc.ciba.grant.enabled"),
                Arguments.of("a jwks_uri", (Change) c -> c.getAttributes().put("jwks.url", "https://evil.example"), "jwks_uri"),
                Arguments.of("a long name", (Change) c -> c.setName("n".repeat(300)), "longer than 200"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileClients")
    void everyOtherClientFieldIsRefusedByName(String what, Change change, String named) {
        ClientRepresentation client = connectorClient();
        change.accept(client);

        assertThat(RegistrationAllowList.refusal(client)).hasValueSatisfying(refusal ->
                assertThat(refusal.description()).contains(named));
    }
}
