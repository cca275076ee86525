package io.actiongate.keycloak.preset;

import io.actiongate.keycloak.GptClientAttributes;
import io.actiongate.keycloak.tokenresponse.ChatGptTokenResponseMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

/**
 * What makes a Keycloak client a GPT client: the settings of the realm export's demo client
 * ({@code realm-config/gpt-realm.json}), applied to a new or an existing client in one call. A test compares a
 * client made here with the imported one, so the two cannot drift apart.
 */
public final class GptClientPreset {

    /** Where ChatGPT's callbacks live; the allow-list policy narrows these to the approved ones. */
    public static final List<String> REDIRECT_PREFIXES = List.of(
            "https://chatgpt.com/aip/*",
            "https://chat.openai.com/aip/*",
            "https://chatgpt.com/connector_platform_oauth_redirect",
            "https://chatgpt.com/connector/oauth/*");

    public static final List<String> DEFAULT_SCOPES = List.of("basic", "profile", "roles", "acr", "offline_access");
    public static final List<String> OPTIONAL_SCOPES = List.of("email");

    /** The agenda API accepts tokens with this audience. */
    public static final String API_AUDIENCE = "agenda-api";

    private static final Map<String, String> ATTRIBUTES = Map.of(
            ClientModel.DISPLAY_ON_CONSENT_SCREEN, "true",
            OIDCConfigAttributes.USE_REFRESH_TOKEN, "true",
            OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD, "",
            OIDCConfigAttributes.POST_LOGOUT_REDIRECT_URIS, "+",
            GptClientAttributes.GPT_CLIENT, "true",
            // A message key of the login theme, resolved in the user's language.
            ClientModel.CONSENT_SCREEN_TEXT, "${actiongateGptConsentText}");

    private GptClientPreset() {
    }

    /** A new client {@code clientId} with the preset and a generated secret. */
    public static ClientModel create(RealmModel realm, String clientId, String name) {
        ClientModel client = realm.addClient(clientId);
        client.setName(name);
        apply(realm, client);
        return client;
    }

    /**
     * Gives {@code client} the preset: confidential, standard flow only, consent, ChatGPT's redirect prefixes, the
     * token response mapper and the default scopes; never the broker's read-token (a GPT's token must not read the
     * user's stored Google tokens; the API reads them with its own client). Keeps its id, name, secret and
     * approved callbacks; replaces its flows, scopes, scope mappings of the broker and protocol mappers.
     */
    public static void apply(RealmModel realm, ClientModel client) {
        client.setEnabled(true);
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setPublicClient(false);
        client.setBearerOnly(false);
        client.setClientAuthenticatorType(KeycloakModelUtils.getDefaultClientAuthenticatorType());
        if (client.getSecret() == null || client.getSecret().isEmpty()) {
            KeycloakModelUtils.generateSecret(client);
        }
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setFrontchannelLogout(false);
        client.setNodeReRegistrationTimeout(-1);
        client.setConsentRequired(true);
        client.setFullScopeAllowed(false);
        client.setRedirectUris(Set.copyOf(REDIRECT_PREFIXES));
        client.setWebOrigins(Set.of());
        ATTRIBUTES.forEach(client::setAttribute);
        if (client.getAttribute(GptClientAttributes.CALLBACKS) == null) {
            client.setAttribute(GptClientAttributes.CALLBACKS, "");
        }
        applyScopes(realm, client);
        applyProtocolMappers(client);
        RoleModel readToken = brokerReadToken(realm);
        if (readToken != null) {
            client.deleteScopeMapping(readToken);
        }
    }

    private static void applyScopes(RealmModel realm, ClientModel client) {
        for (boolean defaultScope : new boolean[] {true, false}) {
            client.getClientScopes(defaultScope).values().forEach(client::removeClientScope);
        }
        addScopes(realm, client, DEFAULT_SCOPES, true);
        addScopes(realm, client, OPTIONAL_SCOPES, false);
    }

    private static void addScopes(RealmModel realm, ClientModel client, List<String> names, boolean defaultScope) {
        for (String name : names) {
            ClientScopeModel scope = KeycloakModelUtils.getClientScopeByName(realm, name);
            if (scope != null) {
                client.addClientScope(scope, defaultScope);
            }
        }
    }

    private static void applyProtocolMappers(ClientModel client) {
        client.getProtocolMappersStream().toList().forEach(client::removeProtocolMapper);
        client.addProtocolMapper(mapper("ChatGPT token response", ChatGptTokenResponseMapper.PROVIDER_ID,
                Map.of(ChatGptTokenResponseMapper.INCLUDE_ID_TOKEN, "true")));
        client.addProtocolMapper(mapper(API_AUDIENCE + " audience", AudienceProtocolMapper.PROVIDER_ID, Map.of(
                AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE, API_AUDIENCE,
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "false",
                OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "false",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true")));
    }

    private static ProtocolMapperModel mapper(String name, String type, Map<String, String> config) {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(name);
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(type);
        mapper.setConfig(new java.util.HashMap<>(config));
        return mapper;
    }

    private static RoleModel brokerReadToken(RealmModel realm) {
        ClientModel broker = realm.getClientByClientId(Constants.BROKER_SERVICE_CLIENT_ID);
        return broker == null ? null : broker.getRole(Constants.READ_TOKEN_ROLE);
    }
}
