package io.actiongate.server.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Plays ChatGPT's part in a GPT Action's OAuth flow (see shared/chatgpt-oauth.md): the authorization request
 * in the user's browser, the user's sign-in and consent on Keycloak's real pages, and the back-channel token
 * requests with the client secret in the body ("Default (POST request)") or in a Basic header.
 */
public final class ChatGpt {

    /**
     * How the GPT editor's "Token Exchange Method" sends the client secret; {@code PUBLIC_CLIENT} sends only the
     * client id, as an MCP connector with a public client (PKCE) does.
     */
    public enum TokenExchangeMethod { POST_BODY, BASIC_HEADER, PUBLIC_CLIENT }

    /** What arrives at ChatGPT's callback. */
    public record Callback(URI location, Map<String, String> query) {
        public String code() {
            return query.get("code");
        }

        public String state() {
            return query.get("state");
        }

        public String redirectUri() {
            return location.getScheme() + "://" + location.getRawAuthority() + location.getRawPath();
        }
    }

    private final KeycloakUnderTest keycloak;
    private final String clientId;
    private final String clientSecret;

    public ChatGpt(KeycloakUnderTest keycloak) {
        this(keycloak, keycloak.settings().clientId(), keycloak.settings().clientSecret());
    }

    public ChatGpt(KeycloakUnderTest keycloak, String clientId, String clientSecret) {
        this.keycloak = keycloak;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** The demo user signs in and consents; returns the callback request ChatGPT receives. */
    public Callback signIn(String redirectUri, String state, String scope) {
        return signIn(redirectUri, state, scope, keycloak.settings().demoUser(), keycloak.settings().demoPassword());
    }

    public Callback signIn(String redirectUri, String state, String scope, String username, String password) {
        return signIn(redirectUri, state, scope, Map.of(), null, username, password);
    }

    /** The same with more authorization parameters (PKCE's code_challenge, RFC 8707's resource, ...). */
    public Callback signIn(String redirectUri, String state, String scope, Map<String, String> extraParameters,
                           String username, String password) {
        return signIn(redirectUri, state, scope, extraParameters, null, username, password);
    }

    /**
     * The user opens an authorization URL someone else built (an MCP client SDK, say), signs in and consents;
     * returns the callback as above.
     */
    public Callback signInAt(String authorizationUrl, String redirectUri, String username, String password) {
        Browser browser = new Browser();
        return continueSignIn(browser, browser.follow(authorizationUrl), redirectUri, null, username, password);
    }

    /**
     * The user picks the identity provider's button on the login page and signs in there with the given
     * credentials (first broker login included); returns the callback as above.
     */
    public Callback signInThrough(String identityProvider, String redirectUri, String state, String scope,
                                  String username, String password) {
        return signIn(redirectUri, state, scope, Map.of(), identityProvider, username, password);
    }

    private Callback signIn(String redirectUri, String state, String scope, Map<String, String> extraParameters,
                            String identityProvider, String username, String password) {
        Browser browser = new Browser();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("state", state);
        if (scope != null) {
            query.put("scope", scope);
        }
        query.putAll(extraParameters);
        return continueSignIn(browser, browser.get(keycloak.authorizationUrl(), query), redirectUri, identityProvider,
                username, password);
    }

    private Callback continueSignIn(Browser browser, Response page, String redirectUri, String identityProvider,
                                    String username, String password) {
        // Login form, then (first time) the consent page; every step may be a redirect inside Keycloak.
        for (int step = 0; step < 20; step++) {
            if (isRedirect(page)) {
                String location = page.header("Location");
                if (location.startsWith(redirectUri)) {
                    return callback(location);
                }
                page = browser.follow(location);
                continue;
            }
            // Form actions may be relative to the server (the consent form's is).
            Document html = Jsoup.parse(page.asString(), keycloak.baseUrl());
            Element login = html.getElementById("kc-form-login");
            Element accept = html.selectFirst("form button[name=accept], form input[name=accept]");
            Element providerButton = identityProvider == null ? null : html.getElementById("social-" + identityProvider);
            if (page.statusCode() == 200 && providerButton != null) {
                page = browser.follow(providerButton.absUrl("href"));
            } else if (page.statusCode() == 200 && login != null) {
                page = browser.post(login.absUrl("action"), Map.of("username", username, "password", password,
                        "credentialId", ""));
            } else if (page.statusCode() == 200 && accept != null) {
                Element form = accept.closest("form");
                Map<String, String> fields = new HashMap<>();
                form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.attr("value")));
                fields.put("accept", accept.hasAttr("value") ? accept.attr("value") : "Yes");
                page = browser.post(form.absUrl("action"), fields);
            } else {
                throw new AssertionError("Unexpected page in the sign-in (HTTP " + page.statusCode() + "):\n"
                        + Jsoup.parse(page.asString()).text());
            }
        }
        throw new AssertionError("The sign-in did not reach the callback " + redirectUri);
    }

    /** The authorization request alone, as the user's browser sends it; redirects are not followed. */
    public Response authorize(String redirectUri, String state, String scope) {
        return authorize(redirectUri, state, scope, Map.of());
    }

    /** The same with more parameters, such as Keycloak's {@code kc_idp_hint} or {@code ui_locales}. */
    public Response authorize(String redirectUri, String state, String scope, Map<String, String> extraParameters) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("state", state);
        if (scope != null) {
            query.put("scope", scope);
        }
        query.putAll(extraParameters);
        return new Browser().get(keycloak.authorizationUrl(), query);
    }

    /** The code exchange ChatGPT makes after the callback. */
    public Response exchangeCode(String code, String redirectUri, TokenExchangeMethod method) {
        return exchangeCode(code, redirectUri, method, Map.of());
    }

    /** The same with more token parameters (PKCE's code_verifier, RFC 8707's resource, ...). */
    public Response exchangeCode(String code, String redirectUri, TokenExchangeMethod method, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.putAll(extra);
        return tokenRequest(form, method);
    }

    /** The refresh ChatGPT makes when the access token has expired. */
    public Response refresh(String refreshToken, TokenExchangeMethod method) {
        return refresh(refreshToken, method, Map.of());
    }

    public Response refresh(String refreshToken, TokenExchangeMethod method, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.putAll(extra);
        return tokenRequest(form, method);
    }

    public Response userinfo(String accessToken) {
        return given().auth().oauth2(accessToken).get(keycloak.userinfoUrl());
    }

    private Response tokenRequest(Map<String, String> form, TokenExchangeMethod method) {
        RequestSpecification request = given().contentType("application/x-www-form-urlencoded").formParams(form);
        if (method == TokenExchangeMethod.BASIC_HEADER) {
            request = request.auth().preemptive().basic(urlEncode(clientId), urlEncode(clientSecret));
        } else if (method == TokenExchangeMethod.PUBLIC_CLIENT) {
            request = request.formParam("client_id", clientId);
        } else {
            request = request.formParam("client_id", clientId).formParam("client_secret", clientSecret);
        }
        return request.post(keycloak.tokenUrl());
    }

    /** RFC 6749 2.3.1: client id and secret are form-encoded before they go into the Basic header. */
    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isRedirect(Response response) {
        return response.statusCode() == 302 || response.statusCode() == 303;
    }

    private static Callback callback(String location) {
        URI uri = URI.create(location);
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return new Callback(uri, query);
    }

    /**
     * The user's browser: keeps Keycloak's cookies by name and path (each realm has its own), never follows
     * redirects by itself.
     */
    private static final class Browser {
        private record StoredCookie(String name, String path, String value) {
        }

        private final Map<String, StoredCookie> cookies = new HashMap<>();

        Response get(String url, Map<String, String> query) {
            return remember(given().redirects().follow(false).urlEncodingEnabled(true).cookies(cookiesFor(url))
                    .queryParams(query).get(url), url);
        }

        /** A redirect's Location is already encoded: sent as it is. */
        Response follow(String location) {
            return remember(given().redirects().follow(false).urlEncodingEnabled(false).cookies(cookiesFor(location))
                    .get(location), location);
        }

        Response post(String url, Map<String, String> form) {
            return remember(given().redirects().follow(false).urlEncodingEnabled(false).cookies(cookiesFor(url))
                    .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                    .body(formBody(form)).post(url), url);
        }

        private Map<String, String> cookiesFor(String url) {
            String path = URI.create(url).getRawPath();
            Map<String, String> sent = new HashMap<>();
            // The most specific path wins, as in a browser.
            cookies.values().stream().filter(cookie -> path.startsWith(cookie.path()))
                    .sorted(Comparator.comparing(cookie -> cookie.path().length()))
                    .forEach(cookie -> sent.put(cookie.name(), cookie.value()));
            return sent;
        }

        private Response remember(Response response, String url) {
            String requestPath = URI.create(url).getRawPath();
            for (Cookie cookie : response.getDetailedCookies()) {
                String path = cookie.hasPath() ? cookie.getPath() : requestPath.substring(0, requestPath.lastIndexOf('/') + 1);
                String key = path + ";" + cookie.getName();
                if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                    cookies.remove(key);
                } else {
                    cookies.put(key, new StoredCookie(cookie.getName(), path, cookie.getValue()));
                }
            }
            return response;
        }

        private static String formBody(Map<String, String> form) {
            StringBuilder body = new StringBuilder();
            form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(urlEncode(name))
                    .append('=').append(urlEncode(value)));
            return body.toString();
        }
    }
}
