package io.actiongate.keycloak.connectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actiongate.keycloak.ChatGptCallback;
import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.RefusalLog;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oauth2.cimd.clientpolicy.executor.AbstractClientIdMetadataDocumentExecutor;
import org.keycloak.protocol.oauth2.cimd.clientpolicy.executor.ClientIdMetadataDocumentExecutorFactoryProviderConfig;
import org.keycloak.protocol.oauth2.cimd.provider.ClientIdMetadataDocumentProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.oidc.OIDCClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.keycloak.util.JsonSerialization;

/**
 * Client ID metadata documents for ChatGPT's connectors: when an authorization request's {@code client_id} is an
 * https URL on a listed host ({@link MetadataHosts}), the document there is fetched ({@link MetadataDocumentFetch})
 * and becomes, or updates, a connector client ({@link ConnectorMetadataDocumentProvider}). Built on Keycloak's
 * {@link AbstractClientIdMetadataDocumentExecutor}, which checks the URL's form, that the document's {@code client_id}
 * is its URL, that no shared-secret method is named, and that the request's redirect URI is one of the document's.
 *
 * <p>What this class adds: the fetch's SSRF rules; a tolerant reading of the document (ChatGPT's carries fields such
 * as {@code token_endpoint_auth_methods_supported} that Keycloak's own reader refuses); and a connector's limits:
 * redirect URIs only ChatGPT's connector callbacks, the code and refresh grants, {@code none} or
 * {@code private_key_jwt} with the keys on the document's own host, the connector scopes, no URL Keycloak would fetch
 * besides those. A refusal is an OAuth error page naming the reason, a bounded log line, and no client.
 */
class MetadataDocumentExecutor extends AbstractClientIdMetadataDocumentExecutor<MetadataDocumentExecutor.Config> {

    private static final Logger LOG = Logger.getLogger(MetadataDocumentExecutor.class);
    /**
     * Keycloak's checks log each refusal at WARN, which anyone could repeat at will; this class logs each refusal
     * once per window instead ({@link RefusalLog}), so keycloak.conf keeps this category at ERROR.
     */
    private static final Logger KEYCLOAK_CHECKS = Logger.getLogger("io.actiongate.keycloak.connectors.keycloak-cimd-checks");
    private static final ObjectMapper TOLERANT = JsonSerialization.mapper.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Set<String> GRANT_TYPES = Set.of(OAuth2Constants.AUTHORIZATION_CODE, OAuth2Constants.REFRESH_TOKEN);
    private static final Set<String> AUTH_METHODS = Set.of("none", OIDCLoginProtocol.PRIVATE_KEY_JWT);
    private static final String REFUSED = "Client metadata document refused: ";
    /**
     * What a connector's document may say, of the client metadata Keycloak reads (RFC 7591 and OpenID Connect
     * registration). Fields Keycloak does not know are ignored (ChatGPT's {@code token_endpoint_auth_methods_supported});
     * the other fields it knows (encryption, request objects, logout, CIBA, certificate-bound tokens, ...) are refused,
     * so no URL or behaviour beyond a connector's comes in with them.
     */
    private static final Set<String> ACCEPTED_FIELDS = Set.of("client_id", "client_name", "client_uri", "logo_uri",
            "tos_uri", "policy_uri", "contacts", "software_id", "software_version", "redirect_uris", "grant_types",
            "response_types", "token_endpoint_auth_method", "token_endpoint_auth_signing_alg", "jwks_uri", "scope");
    private static final Set<String> CLIENT_METADATA_FIELDS = TOLERANT.getSerializationConfig()
            .introspect(TOLERANT.constructType(OIDCClientRepresentation.class)).findProperties().stream()
            .map(com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());

    /** The realm's executor configuration: Keycloak's, plus the scopes a connector gets. */
    public static class Config extends AbstractClientIdMetadataDocumentExecutor.Configuration {
        @JsonProperty(MetadataDocumentExecutorFactory.CONNECTOR_SCOPES)
        protected List<String> connectorScopes = List.of();

        public List<String> getConnectorScopes() {
            return connectorScopes == null ? List.of() : connectorScopes;
        }

        public void setConnectorScopes(List<String> connectorScopes) {
            this.connectorScopes = connectorScopes;
        }
    }

    private final MetadataHosts hosts;
    private final RegistrationModes modes;
    private final RefusalLog refusals;
    private final MetadataFetches fetches;

    MetadataDocumentExecutor(KeycloakSession session, ClientIdMetadataDocumentExecutorFactoryProviderConfig providerConfig,
                             MetadataHosts hosts, RegistrationModes modes, RefusalLog refusals, MetadataFetches fetches) {
        super(session, providerConfig);
        this.hosts = hosts;
        this.modes = modes;
        this.refusals = refusals;
        this.fetches = fetches;
    }

    @Override
    protected Logger getLogger() {
        return KEYCLOAK_CHECKS;
    }

    @Override
    public String getProviderId() {
        return MetadataDocumentExecutorFactory.PROVIDER_ID;
    }

    @Override
    public Class<Config> getExecutorConfigurationClass() {
        return Config.class;
    }

    @Override
    public void setupConfiguration(Config config) {
        configuration = config == null ? new Config() : config;
        configuration.setAllowHttpScheme(false);
        // Keycloak's check that every URL in the document is on a trusted host: the listed hosts, and ChatGPT's for its
        // callbacks and client_uri. Which URLs may be which is checked here, more strictly.
        List<String> trusted = new ArrayList<>(hosts.hostNames());
        trusted.add(ChatGptCallback.CHATGPT_HOST);
        configuration.setTrustedDomains(trusted);
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.PRE_AUTHORIZATION_REQUEST) {
            return;
        }
        PreAuthorizationRequestContext request = (PreAuthorizationRequestContext) context;
        String clientId = request.getClientId();
        if (!looksLikeUrl(clientId)) {
            return;
        }
        ClientModel existing = session.getContext().getRealm().getClientByClientId(clientId);
        boolean notFromItsDocument = existing != null
                && !ConnectorClients.CIMD.equals(existing.getAttribute(GptClientAttributes.CONNECTOR));
        if (notFromItsDocument && !onListedHost(clientId)) {
            return; // a client someone made by hand, with a URL elsewhere for its id: not a document's
        }
        MetadataHosts.Entry listed = null;
        try {
            listed = listedEntry(clientId);
            if (notFromItsDocument) {
                // Whoever made it chose a document's URL for its id: every sign-in with that URL would get their client.
                throw refused("this client_id is held by a client that was not made from its document; "
                        + "an admin must delete or rename that client");
            }
            // Before anything is fetched: a document can only ever name ChatGPT's connector callbacks.
            String redirectUri = request.getRequestParameters() == null ? null
                    : request.getRequestParameters().getFirst(OAuth2Constants.REDIRECT_URI);
            if (redirectUri == null || ConnectorClients.connectorCallback(redirectUri).isEmpty()) {
                throw refused("the redirect_uri must be one of ChatGPT's connector callbacks");
            }
            super.executeOnEvent(context);
        } catch (ClientPolicyException failed) {
            ClientPolicyException refused = failed.getErrorDetail() != null && failed.getErrorDetail().startsWith(REFUSED)
                    ? failed : new ClientPolicyException(failed.getError(), REFUSED + failed.getErrorDetail(), failed.getErrorStatus());
            String host = listed == null ? "unlisted" : listed.toString();
            RefusalLog.Decision decision = refusals.refused(host, refused.getErrorDetail(), Instant.now());
            if (decision.unloggedInLastWindow() > 0) {
                LOG.warnf("ActionGate: %d more refused client metadata documents in the last minute were not logged one by one",
                        decision.unloggedInLastWindow());
            }
            if (decision.logThis()) {
                LOG.warnf("ActionGate: refused the client metadata document %s: %s", ConnectorClients.shown(clientId),
                        refused.getErrorDetail());
            }
            throw refused;
        }
    }

    private static boolean looksLikeUrl(String clientId) {
        String lower = clientId == null ? "" : clientId.toLowerCase(Locale.ROOT);
        return lower.startsWith("https:") || lower.startsWith("http:");
    }

    private boolean onListedHost(String clientId) {
        try {
            URI url = new URI(clientId);
            return modes.allows(RegistrationModes.Mode.CIMD) && "https".equals(url.getScheme()) && hosts.entryOf(url) != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The listed entry the URL is on; checked before Keycloak's checks, so an unlisted host costs nothing. */
    private MetadataHosts.Entry listedEntry(String clientId) throws ClientPolicyException {
        if (!modes.allows(RegistrationModes.Mode.CIMD)) {
            throw refused("client ID metadata documents are switched off on this server (MCP_REGISTRATION)");
        }
        URI url;
        try {
            url = new URI(clientId);
        } catch (URISyntaxException e) {
            throw refused("the client_id is not a well-formed URL");
        }
        if (!"https".equals(url.getScheme())) {
            throw refused("a client_id URL must use https");
        }
        MetadataHosts.Entry listed = hosts.entryOf(url);
        if (listed == null) {
            throw refused("the host " + ConnectorClients.shown(String.valueOf(url.getRawAuthority()))
                    + " is not listed in MCP_CLIENT_METADATA_HOSTS");
        }
        return listed;
    }

    @Override
    protected OIDCClientRepresentationWithCacheControl fetchClientMetadata(URI clientIdURI, boolean isUpdate,
                                                                           ClientIdMetadataDocumentProvider provider)
            throws ClientPolicyException {
        MetadataHosts.Entry entry = hosts.entryOf(clientIdURI);
        if (entry == null) {
            throw refused("the host is not listed in MCP_CLIENT_METADATA_HOSTS");
        }
        MetadataDocumentFetch.Fetched fetched;
        try {
            fetched = fetches.fetch(session, clientIdURI, entry.namesAnAddress(), Instant.now());
        } catch (MetadataDocumentFetch.Refused e) {
            throw refused(e.getMessage());
        }
        OIDCClientRepresentation document;
        try {
            document = read(fetched.body());
        } catch (ClientPolicyException unreadable) {
            fetches.failed(clientIdURI, unreadable.getErrorDetail().substring(REFUSED.length()), Instant.now());
            throw unreadable;
        }
        augmentClientOIDC(document);
        return new OIDCClientRepresentationWithCacheControl(document, new ClientMetadataCacheControl(
                fetched.cacheControl(), providerConfig.getMinCacheTime(), providerConfig.getMaxCacheTime()));
    }

    /** The document as client metadata; fields it does not know are ignored, fields of the wrong type refused. */
    static OIDCClientRepresentation read(byte[] body) throws ClientPolicyException {
        JsonNode tree;
        try {
            tree = TOLERANT.readTree(body);
        } catch (IOException e) {
            throw refused("the document is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw refused("the document is not a JSON object");
        }
        for (var names = tree.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (CLIENT_METADATA_FIELDS.contains(field) && !ACCEPTED_FIELDS.contains(field)) {
                throw refused("the document's " + ConnectorClients.shown(field) + " is not accepted for a connector");
            }
        }
        try {
            return TOLERANT.treeToValue(tree, OIDCClientRepresentation.class);
        } catch (IOException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? mapping.getPath().get(0).getFieldName() : "a field";
            throw refused("the document's " + field + " has the wrong type");
        }
    }

    @Override
    protected URI verifyClientMetadata(URI clientIdURI, URI redirectUriURI, OIDCClientRepresentation document)
            throws ClientPolicyException {
        // Ours first, so that a redirect URI elsewhere is named as such (Keycloak's check calls it a bad domain).
        checkConnectorLimits(clientIdURI, document, configuration.getConnectorScopes());
        dropUnusedKeys(document);
        return super.verifyClientMetadata(clientIdURI, redirectUriURI, document);
    }

    /** What a connector's document may say, beyond what Keycloak checks. */
    static void checkConnectorLimits(URI clientIdURI, OIDCClientRepresentation document, List<String> connectorScopes)
            throws ClientPolicyException {
        if (document.getRedirectUris() == null || document.getRedirectUris().isEmpty()) {
            throw refused("redirect_uris is missing; it must name ChatGPT's connector callback");
        }
        for (String uri : document.getRedirectUris()) {
            if (uri == null || ConnectorClients.connectorCallback(uri).isEmpty()) {
                throw refused("redirect_uris may only name ChatGPT's connector callbacks, and '"
                        + ConnectorClients.shown(String.valueOf(uri)) + "' is not one");
            }
        }
        for (String grant : Objects.requireNonNullElse(document.getGrantTypes(), List.<String>of())) {
            if (grant == null || !GRANT_TYPES.contains(grant)) {
                throw refused("grant_types may only be authorization_code and refresh_token, not '"
                        + ConnectorClients.shown(String.valueOf(grant)) + "'");
            }
        }
        for (String responseType : Objects.requireNonNullElse(document.getResponseTypes(), List.<String>of())) {
            if (!OAuth2Constants.CODE.equals(responseType)) {
                throw refused("response_types may only be code, not '" + ConnectorClients.shown(String.valueOf(responseType)) + "'");
            }
        }
        String method = document.getTokenEndpointAuthMethod();
        if (method == null || !AUTH_METHODS.contains(method)) {
            throw refused("token_endpoint_auth_method must be none or private_key_jwt, not '" + ConnectorClients.shown(String.valueOf(method)) + "'");
        }
        if (method.equals(OIDCLoginProtocol.PRIVATE_KEY_JWT)) {
            URI keys = document.getJwksUri() == null ? null : uriOrNull(document.getJwksUri());
            if (keys == null || !"https".equals(keys.getScheme()) || !Objects.equals(keys.getHost(), clientIdURI.getHost())
                    || portOf(keys) != portOf(clientIdURI)) {
                throw refused("a private_key_jwt client needs a jwks_uri on the document's own host and port");
            }
        }
        if (document.getScope() != null) {
            for (String scope : document.getScope().trim().split("\\s+")) {
                if (!scope.isEmpty() && !ConnectorClients.ALWAYS_ALLOWED_SCOPES.contains(scope) && !connectorScopes.contains(scope)) {
                    throw refused("scope '" + ConnectorClients.shown(scope) + "' is not offered to connectors");
                }
            }
        }
    }

    /**
     * A public client's document may still name its keys (ChatGPT's names its {@code jwks_uri} with either method):
     * they are not used, so the client is made without them, and Keycloak never fetches them (it would for request
     * objects or encrypted tokens).
     */
    static void dropUnusedKeys(OIDCClientRepresentation document) {
        if ("none".equals(document.getTokenEndpointAuthMethod())) {
            document.setJwksUri(null);
        }
    }

    private static URI uriOrNull(String uri) {
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int portOf(URI https) {
        return https.getPort() == -1 ? 443 : https.getPort();
    }

    private static ClientPolicyException refused(String reason) {
        return new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, REFUSED + reason);
    }
}
