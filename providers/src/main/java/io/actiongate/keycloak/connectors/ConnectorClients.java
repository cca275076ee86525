package io.actiongate.keycloak.connectors;

import io.actiongate.keycloak.ChatGptCallback;
import io.actiongate.keycloak.GptClientAttributes;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/**
 * What every connector client that ChatGPT made itself is, whichever way it came (dynamic registration or a client
 * ID metadata document): the code flow with PKCE {@code S256}, consent, refresh tokens, its ChatGPT callbacks on the
 * allow-list, no display URLs, no protocol mappers or flow overrides of its own, no full scope, and the predefined
 * connector client's scopes.
 */
public final class ConnectorClients {

    /** {@value GptClientAttributes#CONNECTOR} of a client that registered itself anonymously (RFC 7591). */
    public static final String DCR = "dcr";
    /** {@value GptClientAttributes#CONNECTOR} of a client made from its client ID metadata document. */
    public static final String CIMD = "cimd";

    /** A connector's default scopes beside {@code offline_access}: who signed in, and how. */
    private static final Set<String> SIGN_IN_SCOPES = Set.of("basic", "acr", "profile");
    /**
     * What a connector may ask for beside the connector scopes, however it came: the refresh token that outlives the
     * session, {@code openid}, and its default scopes.
     */
    static final Set<String> ALWAYS_ALLOWED_SCOPES = Set.of(OAuth2Constants.OFFLINE_ACCESS, OAuth2Constants.SCOPE_OPENID,
            "basic", "acr", "profile");
    /** Attributes naming URLs shown to users: dropped, the consent page names who vouches for the client instead. */
    private static final List<String> SHOWN_URL_ATTRIBUTES = List.of("logoUri", "policyUri", "tosUri",
            OIDCConfigAttributes.POST_LOGOUT_REDIRECT_URIS, OIDCConfigAttributes.FRONT_CHANNEL_LOGOUT_URI,
            OIDCConfigAttributes.BACKCHANNEL_LOGOUT_URL);
    private static final int MAX_NAME_LENGTH = 60;

    private ConnectorClients() {
    }

    /** The URI as a ChatGPT connector callback, byte for byte, or empty. */
    public static Optional<ChatGptCallback> connectorCallback(String uri) {
        return ChatGptCallback.parse(uri).filter(callback -> callback.kind() == ChatGptCallback.Kind.CONNECTOR_PLATFORM
                || callback.kind() == ChatGptCallback.Kind.CONNECTOR).filter(callback -> callback.url().equals(uri));
    }

    /**
     * Makes {@code client} a connector of the given kind ({@link #DCR} or {@link #CIMD}) with these redirect URIs
     * (only the connector callbacks among them are kept) and this claimed name. A public client stays public; a
     * {@code private_key_jwt} one keeps Keycloak's signed-JWT authenticator.
     */
    static void shape(ClientModel client, String kind, Collection<String> redirectUris, String claimedName) {
        Set<String> callbacks = new LinkedHashSet<>();
        redirectUris.forEach(uri -> connectorCallback(uri).ifPresent(callback -> callbacks.add(callback.url())));
        client.setRedirectUris(callbacks);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(true);
        client.setBearerOnly(false);
        client.setFullScopeAllowed(false);
        // No claims but the realm's scopes write: a mapper of the client's own could write sub, aud or azp.
        client.getProtocolMappersStream().toList().forEach(client::removeProtocolMapper);
        List.copyOf(client.getAuthenticationFlowBindingOverrides().keySet()).forEach(client::removeAuthenticationFlowBindingOverride);
        client.setRootUrl(null);
        client.setBaseUrl(null);
        client.setManagementUrl(null);
        client.setWebOrigins(Set.of());
        SHOWN_URL_ATTRIBUTES.forEach(client::removeAttribute);
        OIDCAdvancedConfigWrapper config = OIDCAdvancedConfigWrapper.fromClientModel(client);
        config.setPkceCodeChallengeMethod("S256");
        config.setUseRefreshToken(true);
        client.setName(claimedName(claimedName));
        client.setAttribute(GptClientAttributes.GPT_CLIENT, "true");
        client.setAttribute(GptClientAttributes.CONNECTOR, kind);
        client.setAttribute(GptClientAttributes.CALLBACKS, String.join(",", callbacks));
    }

    /**
     * The predefined connector client's scopes, no more: an offline refresh token, which outlives the browser session
     * (ChatGPT asks only for the scopes the MCP server advertises), and the connector scopes to ask for; not the
     * realm's other defaults (email, roles, ...).
     */
    static void limitScopes(RealmModel realm, ClientModel client, List<String> connectorScopes) {
        Set<String> kept = new LinkedHashSet<>(SIGN_IN_SCOPES);
        kept.addAll(connectorScopes);
        for (boolean isDefault : new boolean[]{true, false}) {
            client.getClientScopes(isDefault).values().stream().filter(scope -> !kept.contains(scope.getName())).toList()
                    .forEach(client::removeClientScope);
        }
        // A registration that names scopes gets only "basic" from Keycloak: the sign-in scopes are added back.
        SIGN_IN_SCOPES.stream().filter(scope -> !client.getClientScopes(true).containsKey(scope))
                .forEach(scope -> addScope(realm, client, scope, true));
        addScope(realm, client, OAuth2Constants.OFFLINE_ACCESS, true);
        connectorScopes.forEach(scope -> addScope(realm, client, scope, false));
    }

    private static void addScope(RealmModel realm, ClientModel client, String name, boolean isDefault) {
        realm.getClientScopesStream().filter(scope -> scope.getName().equals(name)).findFirst().ifPresent(scope -> {
            client.removeClientScope(scope); // the realm's defaults may have linked it the other way
            client.addClientScope(scope, isDefault);
        });
    }

    /**
     * The name it claimed, bounded and without what the consent page would read as a message key or a line break.
     * A registration can claim any name: the consent page says whose claim it is.
     */
    static String claimedName(String claimed) {
        String name = claimed == null ? "" : claimed.replaceAll("[\\p{Cntrl}${}]", "").strip();
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(0, MAX_NAME_LENGTH) + "…";
        }
        return name.isEmpty() ? "An unnamed app" : name;
    }

    /**
     * A value from a request or a fetched document, bounded and printable, to quote in an error message (which the
     * error page renders with some HTML allowed) or a log line: no control characters, no markup.
     */
    static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String bounded = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return bounded.replaceAll("[\\p{Cntrl}<>&\"']", "?");
    }
}
