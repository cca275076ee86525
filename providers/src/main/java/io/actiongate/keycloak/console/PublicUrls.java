package io.actiongate.keycloak.console;

import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.urls.UrlType;

/**
 * The public URLs a builder pastes into the GPT editor. {@code publicAuthUrl} is Keycloak's public base URL
 * (the launcher passes {@code PUBLIC_AUTH_URL}); without it the URL of the request at hand is used. The schema
 * URL is the API's OpenAPI document, empty when no API is configured.
 */
record PublicUrls(String publicAuthUrl, String schemaUrl) {

    static PublicUrls of(String publicAuthUrl, String schemaUrl, KeycloakSession session) {
        String base = publicAuthUrl;
        if (isBlank(base) && session.getContext().getUri() != null) {
            base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString();
        }
        return new PublicUrls(isBlank(base) ? "" : withoutTrailingSlash(base), isBlank(schemaUrl) ? "" : schemaUrl);
    }

    String authorizationUrl(RealmModel realm) {
        return oidc(realm, "auth");
    }

    String tokenUrl(RealmModel realm) {
        return oidc(realm, "token");
    }

    private String oidc(RealmModel realm, String endpoint) {
        if (publicAuthUrl.isEmpty()) {
            return "";
        }
        UriBuilder base = UriBuilder.fromUri(publicAuthUrl);
        UriBuilder url = endpoint.equals("auth") ? OIDCLoginProtocolService.authUrl(base) : OIDCLoginProtocolService.tokenUrl(base);
        return url.build(realm.getName()).toString();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
