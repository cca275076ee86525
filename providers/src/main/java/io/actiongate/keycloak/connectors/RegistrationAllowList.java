package io.actiongate.keycloak.connectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.oidc.OIDCClientRepresentation;
import org.keycloak.services.clientregistration.ErrorCodes;
import org.keycloak.util.JsonSerialization;

/**
 * What an anonymous registration may say, as an allow-list: the fields a ChatGPT connector needs, everything else
 * refused by name. Checked twice: on the RFC 7591 metadata as sent (field names a registrant recognises), and on
 * Keycloak's client representation made from it (so a field that reaches the client by another path, or one a later
 * Keycloak adds, is refused too). What the connector's redirect URIs, grants and scopes may be is checked by
 * {@link ConnectorRegistrationPolicy}; this class says which fields may be present at all, and how long they may be.
 */
final class RegistrationAllowList {

    /** A refusal: the RFC 7591 error code and a description naming the field. */
    record Refusal(String error, String description) {
    }

    /**
     * RFC 7591 / OpenID Connect registration fields a connector may send. The display fields (URIs, contacts,
     * software) are accepted because clients send them, then dropped from the client.
     */
    static final Set<String> METADATA_FIELDS = Set.of("client_name", "redirect_uris", "grant_types", "response_types",
            "token_endpoint_auth_method", "scope", "application_type", "subject_type", "client_uri", "logo_uri",
            "tos_uri", "policy_uri", "contacts", "software_id", "software_version",
            // echoed back by clients that send their whole registration on update
            "client_id", "registration_client_uri", "registration_access_token", "client_id_issued_at",
            "client_secret_expires_at");
    /** Client representation fields the registration above turns into; any other one present is refused. */
    private static final Set<String> REPRESENTATION_FIELDS = Set.of("clientId", "name", "redirectUris", "baseUrl",
            "publicClient", "clientAuthenticatorType", "protocol", "standardFlowEnabled", "implicitFlowEnabled",
            "directAccessGrantsEnabled", "serviceAccountsEnabled", "authorizationServicesEnabled", "frontchannelLogout",
            "optionalClientScopes", "defaultClientScopes", "attributes");
    /** Representation fields that may be present only with this value (a grant switched off, no front-channel logout). */
    private static final Map<String, Boolean> REPRESENTATION_FLAGS = Map.of("implicitFlowEnabled", false,
            "directAccessGrantsEnabled", false, "serviceAccountsEnabled", false, "authorizationServicesEnabled", false,
            "frontchannelLogout", false, "publicClient", true, "standardFlowEnabled", true);
    /** Client attributes the accepted fields set; the display ones are dropped after the registration. */
    private static final Set<String> ATTRIBUTES = Set.of("use.refresh.tokens", "logoUri", "tosUri", "policyUri",
            "backchannel.logout.session.required");
    /**
     * Attributes Keycloak's converter always writes, switched off; accepted only switched off (a grant, logout
     * behaviour), so a registrant cannot switch one on through another path.
     */
    private static final Set<String> ATTRIBUTES_ONLY_OFF = Set.of("standard.token.exchange.enabled",
            "oauth2.jwt.authorization.grant.enabled", "oauth2.device.authorization.grant.enabled",
            "oidc.ciba.grant.enabled", "frontchannel.logout.session.required",
            "backchannel.logout.revoke.offline.tokens");
    /** What a few client attributes are called in RFC 7591, so a refusal names the field the registrant sent. */
    private static final Map<String, String> METADATA_NAMES = Map.ofEntries(
            Map.entry("jwks.url", "jwks_uri"), Map.entry("use.jwks.url", "jwks_uri"), Map.entry("use.jwks.string", "jwks"),
            Map.entry("jwks.string", "jwks"), Map.entry("request.uris", "request_uris"),
            Map.entry("sectorIdentifierUri", "sector_identifier_uri"), Map.entry("post.logout.redirect.uris", "post_logout_redirect_uris"),
            Map.entry("backchannel.logout.url", "backchannel_logout_uri"), Map.entry("frontchannel.logout.url", "frontchannel_logout_uri"),
            Map.entry("tls.client.certificate.bound.access.tokens", "tls_client_certificate_bound_access_tokens"),
            Map.entry("dpop.bound.access.tokens", "dpop_bound_access_tokens"), Map.entry("default.acr.values", "default_acr_values"),
            Map.entry("require.pushed.authorization.requests", "require_pushed_authorization_requests"));

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_REDIRECT_URIS = 20;
    static final int MAX_FIELD_LENGTH = 2000;
    static final int MAX_LIST_ENTRIES = 20;

    private static final ObjectMapper PRESENT_ONLY = JsonSerialization.mapper.copy()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private RegistrationAllowList() {
    }

    /** The RFC 7591 metadata as Keycloak read it: a refusal naming the first field not accepted, or empty. */
    static Optional<Refusal> refusal(OIDCClientRepresentation metadata) {
        JsonNode fields = PRESENT_ONLY.valueToTree(metadata);
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!METADATA_FIELDS.contains(name)) {
                return Optional.of(notAccepted(name));
            }
            Optional<Refusal> tooLong = tooLong(name, field.getValue());
            if (tooLong.isPresent()) {
                return tooLong;
            }
        }
        if (metadata.getSubjectType() != null && !"public".equals(metadata.getSubjectType())) {
            return Optional.of(new Refusal(ErrorCodes.INVALID_CLIENT_METADATA,
                    "subject_type may only be public: a connector registered here gets the user's own subject"));
        }
        if (metadata.getApplicationType() != null && !Set.of("web", "native").contains(metadata.getApplicationType())) {
            return Optional.of(new Refusal(ErrorCodes.INVALID_CLIENT_METADATA, "application_type may only be web or native"));
        }
        return Optional.empty();
    }

    /** Keycloak's client representation of a registration: a refusal naming the first field not accepted, or empty. */
    static Optional<Refusal> refusal(ClientRepresentation client) {
        JsonNode fields = PRESENT_ONLY.valueToTree(client);
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            Boolean only = REPRESENTATION_FLAGS.get(name);
            if (!REPRESENTATION_FIELDS.contains(name) || (only != null && value.isBoolean() && value.asBoolean() != only)) {
                return Optional.of(notAccepted(name));
            }
            if (name.equals("protocol") && !"openid-connect".equals(value.asText())) {
                return Optional.of(notAccepted("protocol"));
            }
            // Keycloak itself adds "basic" when a registration names scopes; nothing beyond a connector's own
            // sign-in scopes may come this way (the connector's scopes are set after the registration anyway).
            if (name.equals("defaultClientScopes") && value.isArray()) {
                for (JsonNode scope : value) {
                    if (!ConnectorClients.ALWAYS_ALLOWED_SCOPES.contains(scope.asText())) {
                        return Optional.of(notAccepted("defaultClientScopes"));
                    }
                }
            }
            Optional<Refusal> tooLong = tooLong(name, value);
            if (tooLong.isPresent()) {
                return tooLong;
            }
        }
        Map<String, String> attributes = client.getAttributes() == null ? Map.of() : client.getAttributes();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String key = attribute.getKey();
            String value = attribute.getValue();
            boolean unset = value == null || value.isBlank() || (ATTRIBUTES_ONLY_OFF.contains(key) && value.equals("false"));
            if (!unset && !ATTRIBUTES.contains(key)) {
                return Optional.of(notAccepted(METADATA_NAMES.getOrDefault(key, key)));
            }
            if (value != null && value.length() > MAX_FIELD_LENGTH) {
                return Optional.of(tooLong(METADATA_NAMES.getOrDefault(key, key), MAX_FIELD_LENGTH));
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> tooLong(String name, JsonNode value) {
        if (value.isTextual()) {
            int limit = name.equals("client_name") || name.equals("name") ? MAX_NAME_LENGTH : MAX_FIELD_LENGTH;
            return value.asText().length() > limit ? Optional.of(tooLong(name, limit)) : Optional.empty();
        }
        if (value.isArray()) {
            int limit = name.equals("redirect_uris") || name.equals("redirectUris") ? MAX_REDIRECT_URIS : MAX_LIST_ENTRIES;
            if (value.size() > limit) {
                return Optional.of(new Refusal(ErrorCodes.INVALID_CLIENT_METADATA, name + " may have at most " + limit + " entries"));
            }
            for (JsonNode entry : value) {
                if (entry.isTextual() && entry.asText().length() > MAX_FIELD_LENGTH) {
                    return Optional.of(tooLong(name, MAX_FIELD_LENGTH));
                }
            }
        }
        return Optional.empty();
    }

    private static Refusal tooLong(String name, int limit) {
        return new Refusal(ErrorCodes.INVALID_CLIENT_METADATA, name + " is longer than " + limit + " characters");
    }

    private static Refusal notAccepted(String name) {
        return new Refusal(ErrorCodes.INVALID_CLIENT_METADATA, name + " is not accepted from an anonymous registration: "
                + "a connector registered here may set only client_name, redirect_uris, grant_types, response_types, "
                + "token_endpoint_auth_method, scope, application_type and display fields");
    }
}
