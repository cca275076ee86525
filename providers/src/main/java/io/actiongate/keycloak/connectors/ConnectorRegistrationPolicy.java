package io.actiongate.keycloak.connectors;

import jakarta.ws.rs.core.Response;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.oidc.OIDCClientRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientregistration.ClientRegistrationContext;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.keycloak.services.clientregistration.ErrorCodes;
import org.keycloak.services.clientregistration.oidc.OIDCClientRegistrationContext;
import org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy;

/**
 * Anonymous registration (RFC 7591) for ChatGPT's MCP connectors, and for nothing else. A registration is refused,
 * with the RFC 7591 error naming what was refused, unless its redirect URIs are all ChatGPT connector callbacks (the
 * allow-list's parser, not a host pattern), it is a public client ({@code token_endpoint_auth_method: none}, so no
 * secret is handed out), it asks only for the code and refresh grants and the connector scopes, and it names no URL
 * Keycloak would fetch (JWKS, sector identifier, request objects). What it registers is then set to what a connector
 * needs: PKCE {@code S256}, consent, its callbacks approved on the allow-list, display URLs dropped, marked
 * {@code actiongate.connector=dcr} (the consent page then says the app registered itself under its claimed name).
 *
 * <p>Only the OpenID Connect endpoint takes anonymous registrations, and only the fields of
 * {@link RegistrationAllowList}: no protocol mappers, client id, flow overrides, scopes beyond the connector's,
 * attributes. Updates with the registration access token are held to the same rules, and the connector's shape,
 * scopes and mappers (none) are applied again after each one.
 */
class ConnectorRegistrationPolicy implements ClientRegistrationPolicy {

    /** Grants a registration may turn on only through these client attributes, none of them a connector's. */
    private static final List<String> OTHER_GRANT_ATTRIBUTES = List.of("oidc.ciba.grant.enabled",
            "oauth2.device.authorization.grant.enabled", OIDCConfigAttributes.STANDARD_TOKEN_EXCHANGE_ENABLED,
            OIDCConfigAttributes.JWT_AUTHORIZATION_GRANT_ENABLED);
    /**
     * Attributes naming URLs Keycloak would fetch for anyone who registers (the sector identifier even during the
     * registration), by the registration field that sets them: refused.
     */
    private static final Map<String, String> FETCHED_URL_ATTRIBUTES = Map.of(OIDCConfigAttributes.JWKS_URL, "jwks_uri",
            OIDCConfigAttributes.REQUEST_URIS, "request_uris", OIDCConfigAttributes.SECTOR_IDENTIFIER_URI, "sector_identifier_uri");

    private static final Logger LOG = Logger.getLogger(ConnectorRegistrationPolicy.class);
    private static final Field OIDC_METADATA_FIELD = metadataField();

    private final KeycloakSession session;
    private final List<String> connectorScopes;
    private final RegistrationModes modes;

    ConnectorRegistrationPolicy(KeycloakSession session, List<String> connectorScopes, RegistrationModes modes) {
        this.session = session;
        this.connectorScopes = List.copyOf(connectorScopes);
        this.modes = modes;
    }

    @Override
    public void beforeRegister(ClientRegistrationContext context) {
        check(context);
    }

    @Override
    public void afterRegister(ClientRegistrationContext context, ClientModel client) {
        shapeAsConnector(client, context.getClient());
    }

    @Override
    public void beforeUpdate(ClientRegistrationContext context, ClientModel client) {
        check(context);
    }

    @Override
    public void afterUpdate(ClientRegistrationContext context, ClientModel client) {
        shapeAsConnector(client, context.getClient());
    }

    @Override
    public void beforeView(ClientRegistrationProvider provider, ClientModel client) {
    }

    @Override
    public void beforeDelete(ClientRegistrationProvider provider, ClientModel client) {
    }

    private void check(ClientRegistrationContext context) {
        if (!modes.allows(RegistrationModes.Mode.DCR)) {
            throw refused(Response.Status.FORBIDDEN, "access_denied",
                    "Anonymous client registration is switched off on this server (MCP_REGISTRATION)");
        }
        // Keycloak's own endpoint ("default"), its SAML one and any other take fields no connector sends (protocol
        // mappers, client ids, flow overrides, ...): a connector registers through the OpenID Connect endpoint only.
        if (!(context instanceof OIDCClientRegistrationContext)) {
            throw refused(Response.Status.FORBIDDEN, "access_denied", "Anonymous registration is open to ChatGPT's "
                    + "connectors through the OpenID Connect endpoint only (clients-registrations/openid-connect)");
        }
        ClientRepresentation proposed = context.getClient();
        List<String> redirectUris = proposed.getRedirectUris() == null ? List.of() : proposed.getRedirectUris();
        if (redirectUris.isEmpty()) {
            throw refused(ErrorCodes.INVALID_REDIRECT_URI, "redirect_uris must name ChatGPT's connector callback "
                    + "(https://chatgpt.com/connector_platform_oauth_redirect or https://chatgpt.com/connector/oauth/<id>)");
        }
        for (String uri : redirectUris) {
            if (ConnectorClients.connectorCallback(uri).isEmpty()) {
                throw refused(ErrorCodes.INVALID_REDIRECT_URI, "'" + ConnectorClients.shown(uri) + "' is not a ChatGPT connector callback "
                        + "(https://chatgpt.com/connector_platform_oauth_redirect or https://chatgpt.com/connector/oauth/<id>)");
            }
        }
        if (!Boolean.TRUE.equals(proposed.isPublicClient())) {
            throw refused(ErrorCodes.INVALID_CLIENT_METADATA, "token_endpoint_auth_method must be none: connectors "
                    + "registered here are public clients with PKCE, and no client secret is handed out");
        }
        Map<String, String> attributes = proposed.getAttributes() == null ? Map.of() : proposed.getAttributes();
        boolean otherGrant = Boolean.TRUE.equals(proposed.isImplicitFlowEnabled())
                || Boolean.TRUE.equals(proposed.isDirectAccessGrantsEnabled())
                || Boolean.TRUE.equals(proposed.isServiceAccountsEnabled())
                || Boolean.TRUE.equals(proposed.getAuthorizationServicesEnabled())
                || OTHER_GRANT_ATTRIBUTES.stream().anyMatch(key -> "true".equals(attributes.get(key)));
        if (otherGrant || Boolean.FALSE.equals(proposed.isStandardFlowEnabled())) {
            throw refused(ErrorCodes.INVALID_CLIENT_METADATA,
                    "grant_types may only be authorization_code and refresh_token, response_types only code");
        }
        for (String scope : proposed.getOptionalClientScopes() == null ? List.<String>of() : proposed.getOptionalClientScopes()) {
            if (!ConnectorClients.ALWAYS_ALLOWED_SCOPES.contains(scope) && !connectorScopes.contains(scope)) {
                throw refused(ErrorCodes.INVALID_CLIENT_METADATA, "scope '" + ConnectorClients.shown(scope) + "' is not offered to "
                        + "connectors; offered: " + String.join(" ", connectorScopes) + " offline_access");
            }
        }
        FETCHED_URL_ATTRIBUTES.forEach((key, field) -> {
            String value = attributes.get(key);
            if (value != null && !value.isBlank()) {
                throw refused(ErrorCodes.INVALID_CLIENT_METADATA, field + " is not accepted: it names a URL the server "
                        + "would fetch, and a connector registered here needs none");
            }
        });
        Optional<RegistrationAllowList.Refusal> refusal = RegistrationAllowList.refusal(metadata((OIDCClientRegistrationContext) context))
                .or(() -> RegistrationAllowList.refusal(proposed));
        if (refusal.isPresent()) {
            throw refused(refusal.get().error(), refusal.get().description());
        }
    }

    /**
     * The RFC 7591 metadata as sent, which Keycloak's context holds but does not expose: some of it (a pairwise
     * {@code subject_type}) acts only after the policies ran. Without it nothing is registered.
     */
    private static OIDCClientRepresentation metadata(OIDCClientRegistrationContext context) {
        try {
            Object metadata = OIDC_METADATA_FIELD == null ? null : OIDC_METADATA_FIELD.get(context);
            if (metadata instanceof OIDCClientRepresentation oidc) {
                return oidc;
            }
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debugf("ActionGate: registration metadata not readable: %s", e);
        }
        throw refused(Response.Status.SERVICE_UNAVAILABLE, "temporarily_unavailable",
                "This server cannot check the registration; nothing was registered");
    }

    private static Field metadataField() {
        try {
            Field field = OIDCClientRegistrationContext.class.getDeclaredField("oidcRep");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.errorf("ActionGate: this Keycloak's registration context has no readable metadata (%s): "
                    + "anonymous registrations are refused", e);
            return null;
        }
    }

    /** What a registered connector is, whatever else the registration or an update said: re-applied every time. */
    private void shapeAsConnector(ClientModel client, ClientRepresentation registered) {
        client.setPublicClient(true);
        ConnectorClients.shape(client, ConnectorClients.DCR, registered.getRedirectUris(), registered.getName());
        ConnectorClients.limitScopes(session.getContext().getRealm(), client, connectorScopes);
    }

    private static ErrorResponseException refused(String error, String description) {
        return refused(Response.Status.BAD_REQUEST, error, description);
    }

    private static ErrorResponseException refused(Response.Status status, String error, String description) {
        return new ErrorResponseException(error, description, status);
    }
}
