package io.actiongate.doctor.gpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.actiongate.doctor.openapi.OpenApiChecks;
import io.actiongate.doctor.report.Check;
import io.actiongate.doctor.report.Report;
import io.actiongate.doctor.web.ActionGateProbe;
import io.actiongate.doctor.web.Domains;
import io.actiongate.doctor.web.SignIn;
import io.actiongate.doctor.web.Tokens;
import io.actiongate.doctor.web.Web;
import io.swagger.v3.oas.models.OpenAPI;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The GPT Action path, replayed as ChatGPT makes it (shared/chatgpt-oauth.md): discovery, the schema import, the
 * authorization request in its three forms, the user's sign-in, the code exchange with the secret in the body and
 * in a Basic header, the token response's shape, the refresh, then the API with and without the token.
 */
public final class GptChecks {

    /** What the builder gave; secrets stay in here and are never put into a check. */
    public record Target(String auth, String api, String clientId, String clientSecret, String callback,
                         String user, String password, Function<String, String> askForCallbackAddress) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Report report;
    private final Target target;
    private final Web web = new Web();
    private boolean actionGate;
    private String issuer;
    private String authorizationEndpoint;
    private String tokenEndpoint;

    public GptChecks(Report report, Target target) {
        this.report = report;
        this.target = target;
    }

    public void run() {
        // Before any check, so that every fix is given in the right terms.
        actionGate = ActionGateProbe.isActionGate(web, stripSlash(target.auth()).replace("/.well-known/openid-configuration", ""));
        requireHttps("gpt.auth-https", target.auth(), "the auth server");
        requireHttps("gpt.api-https", target.api(), "the OpenAPI document");
        if (!discover()) {
            return;
        }
        Optional<OpenAPI> api = schema();
        if (target.callback() == null) {
            report.add(Check.notChecked("gpt.authorization-request", "the authorization request",
                    "no --callback: give the GPT's callback URL, which the GPT editor shows after the OAuth settings are saved"));
            return;
        }
        if (!authorizationRequests()) {
            return;
        }
        Optional<Map<String, String>> callback = signIn();
        if (callback.isEmpty()) {
            return;
        }
        Optional<String> accessToken = tokens(callback.get());
        if (accessToken.isPresent() && api.isPresent()) {
            apiCalls(api.get(), accessToken.get());
        }
    }

    private void requireHttps(String id, String url, String what) {
        report.add(Domains.https(url) ? Check.passed(id, what + " is https: " + url)
                : Check.failed(id, what + " is not https: " + url, "the GPT editor refuses the URL, or \"Something went wrong\"",
                        "ChatGPT only talks to public https hosts with a valid certificate",
                        actionGate ? "run ActionGate behind TLS (deploy/Caddyfile) and set PUBLIC_AUTH_URL / PUBLIC_API_URL to the https URLs"
                                : "serve it over https with a certificate for its host name"));
    }

    private boolean discover() {
        String discoveryUrl = target.auth().endsWith("/.well-known/openid-configuration") ? target.auth()
                : stripSlash(target.auth()) + "/.well-known/openid-configuration";
        Web.Answer answer;
        try {
            answer = web.get(discoveryUrl);
        } catch (Web.Unreachable e) {
            report.add(unreachable("gpt.discovery", discoveryUrl, e));
            return false;
        }
        Optional<JsonNode> document = answer.status() == 200 ? answer.json() : Optional.empty();
        if (document.isEmpty() || !document.get().hasNonNull("authorization_endpoint") || !document.get().hasNonNull("token_endpoint")) {
            report.add(Check.failed("gpt.discovery", "no discovery document at " + discoveryUrl + " (HTTP " + answer.status() + ")",
                    "nothing yet: ChatGPT does not read discovery, but the URLs below cannot be checked without it",
                    "the auth URL is not an issuer or a discovery URL",
                    "give the realm's URL, e.g. https://auth.example.com/realms/gpt"));
            return false;
        }
        issuer = document.get().path("issuer").asText();
        authorizationEndpoint = document.get().get("authorization_endpoint").asText();
        tokenEndpoint = document.get().get("token_endpoint").asText();
        report.add(Check.passed("gpt.discovery", "discovery names the authorization URL " + authorizationEndpoint
                + " and the token URL " + tokenEndpoint));
        Optional<String> authDomain = Domains.registrable(authorizationEndpoint);
        report.add(authDomain.isPresent() && authDomain.equals(Domains.registrable(tokenEndpoint))
                ? Check.passed("gpt.auth-domain", "the authorization and token URLs share " + authDomain.get())
                : Check.failed("gpt.auth-domain", "the authorization URL and the token URL are not on one public root domain",
                        "the GPT editor's save fails, or sign-in fails with \"Something went wrong\"",
                        "ChatGPT requires one root domain (a public, registrable name: not an IP address or localhost)",
                        actionGate ? "set PUBLIC_AUTH_URL to the public https URL on the API's domain" : "serve both on the API's root domain"));
        return true;
    }

    private Optional<OpenAPI> schema() {
        Web.Answer answer;
        try {
            answer = web.get(target.api());
        } catch (Web.Unreachable e) {
            report.add(unreachable("openapi.fetch", target.api(), e));
            return Optional.empty();
        }
        if (answer.status() != 200) {
            report.add(Check.failed("openapi.fetch", "the OpenAPI document answered HTTP " + answer.status(),
                    "the GPT editor's \"Import from URL\" fails", "the URL does not serve the document",
                    actionGate ? "use PUBLIC_API_URL/openapi.yaml" : "give the URL the document is served at, reachable without a token"));
            return Optional.empty();
        }
        report.add(Check.passed("openapi.fetch", "the OpenAPI document is served at " + target.api()));
        return OpenApiChecks.check(report, answer.body(), authorizationEndpoint, tokenEndpoint, actionGate);
    }

    /** The authorization request with {@code scope=}, without scope, and with ChatGPT's usual scopes. */
    private boolean authorizationRequests() {
        Map<String, String> variants = new LinkedHashMap<>();
        // The usual scopes first: a refusal there is the client or the callback, not the scope parameter.
        variants.put("gpt.authorization-request.openid-offline", "openid offline_access");
        variants.put("gpt.authorization-request.empty-scope", "");
        variants.put("gpt.authorization-request.no-scope", null);
        boolean first = true;
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            String described = variant.getValue() == null ? "without scope" : "with scope=" + variant.getValue();
            Web.Answer answer;
            try {
                answer = new Web().get(authorizationUrl(variant.getValue(), randomState(), Map.of()));
            } catch (Web.Unreachable e) {
                report.add(unreachable(variant.getKey(), authorizationEndpoint, e));
                return false;
            }
            Web.Answer page = answer;
            if (answer.redirect() && answer.location().isPresent() && !answer.location().get().toString().startsWith(target.callback())) {
                try {
                    page = new Web().get(answer.location().get().toString());
                } catch (Web.Unreachable e) {
                    report.add(unreachable(variant.getKey(), answer.location().get().toString(), e));
                    return false;
                }
            }
            boolean loginPage = page.status() == 200 && org.jsoup.Jsoup.parse(page.body()).selectFirst("form input[type=password], form") != null;
            if (loginPage) {
                report.add(Check.passed(variant.getKey(), "the request " + described + " opens a sign-in page"));
            } else if (first && page.status() == 400 && page.body().contains("not approved to sign in here yet")) {
                report.add(Check.failed("gpt.callback-approved", "the callback " + target.callback() + " is waiting for approval",
                        "the user sees \"This GPT cannot sign you in yet\" instead of the sign-in page",
                        "ActionGate lets only approved ChatGPT callbacks receive a code; ChatGPT gives a GPT a new callback whenever its OAuth settings change",
                        "approve it: Keycloak admin console > realm gpt > GPT clients > " + target.clientId()
                                + " > Approve (it is listed as waiting), or add its g-… id to GPT_CALLBACKS before the first start"));
                return false;
            } else {
                String text = SignIn.text(org.jsoup.Jsoup.parse(page.body()));
                report.add(Check.failed(variant.getKey(), "the request " + described + " answers HTTP " + page.status() + ": " + text,
                        "an error page instead of the sign-in, or \"Something went wrong\"",
                        first ? "the client id or the callback is not accepted" : "the server refuses this scope parameter",
                        first ? (actionGate ? "check GPT_CLIENT_ID and approve the callback on the GPT clients page" : "register the callback URL for the client")
                                : (actionGate ? "the realm's scope tolerance policy (chatgpt-scope-tolerance) must be enabled" : "accept an empty or missing scope as the default scopes")));
                if (first) {
                    return false;
                }
            }
            if (first) {
                report.add(Check.passed("gpt.callback-approved", "the callback " + target.callback() + " is accepted"));
            }
            first = false;
        }
        return true;
    }

    private Optional<Map<String, String>> signIn() {
        String state = randomState();
        String url = authorizationUrl("openid offline_access", state, Map.of());
        Map<String, String> callback;
        if (canSignIn()) {
            SignIn.Result result;
            try {
                result = SignIn.run(web, url, target.callback(), target.user(), target.password());
            } catch (Web.Unreachable e) {
                report.add(unreachable("gpt.sign-in", url, e));
                return Optional.empty();
            }
            if (!result.reachedCallback()) {
                report.add(Check.failed("gpt.sign-in", "the sign-in stopped at " + result.stoppedAt() + " (HTTP " + result.status() + "): " + result.pageText(),
                        "the user cannot finish signing in", "the login or consent did not lead to the callback",
                        "sign in by hand once at the URL above and see what the page says"));
                return Optional.empty();
            }
            callback = result.callbackQuery();
        } else {
            String ended = target.askForCallbackAddress().apply(url);
            if (ended == null || !ended.startsWith(target.callback())) {
                report.add(Check.notChecked("gpt.sign-in", "the sign-in", ended == null
                        ? "no --user and --password, and no address pasted" : "the address pasted is not the callback " + target.callback()));
                return Optional.empty();
            }
            callback = SignIn.query(URI.create(ended));
        }
        report.add(Check.passed("gpt.sign-in", "the user signed in and the browser was sent to the callback"));
        report.add(state.equals(callback.get("state"))
                ? Check.passed("gpt.state", "state is echoed unchanged")
                : Check.failed("gpt.state", "state came back as " + callback.get("state"), "\"Something went wrong\" (ChatGPT drops the callback)",
                        "ChatGPT requires its state parameter back unchanged", "return state exactly as received"));
        if (callback.get("code") == null) {
            report.add(Check.failed("gpt.code", "no code at the callback: " + callback.getOrDefault("error_description", callback.getOrDefault("error", "")),
                    "\"Something went wrong\"", "the server ended the flow with an error", "see the error above"));
            return Optional.empty();
        }
        return Optional.of(callback);
    }

    /** The code exchange in both of the GPT editor's token exchange methods, the response's shape, and the refresh. */
    private Optional<String> tokens(Map<String, String> callback) {
        Optional<JsonNode> body = exchange("gpt.token.post-body", callback.get("code"), false);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        tokenShape(body.get());
        basicHeaderExchange();
        String refreshToken = body.get().path("refresh_token").asText(null);
        if (refreshToken != null) {
            refresh(refreshToken);
        }
        return Optional.ofNullable(body.get().path("access_token").asText(null));
    }

    /**
     * A second code through the same browser session (single sign-on), exchanged with the Basic header. A pasted
     * address leaves no session here, and a sign-in without the password would only count as a failed login.
     */
    private void basicHeaderExchange() {
        if (!canSignIn()) {
            report.add(Check.notChecked("gpt.token.basic-header", "the Basic header exchange", "a second code needs --user and --password"));
            return;
        }
        try {
            SignIn.Result again = SignIn.run(web, authorizationUrl("openid offline_access", randomState(), Map.of()),
                    target.callback(), target.user(), target.password());
            if (again.reachedCallback() && again.callbackQuery().get("code") != null) {
                exchange("gpt.token.basic-header", again.callbackQuery().get("code"), true);
            } else {
                report.add(Check.notChecked("gpt.token.basic-header", "the Basic header exchange", "no second code without a second sign-in"));
            }
        } catch (Web.Unreachable e) {
            report.add(unreachable("gpt.token.basic-header", authorizationEndpoint, e));
        }
    }

    private Optional<JsonNode> exchange(String id, String code, boolean basic) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", target.callback());
        if (!basic) {
            form.put("client_id", target.clientId());
            form.put("client_secret", target.clientSecret());
        }
        String method = basic ? "Basic authorization header" : "Default (POST request)";
        try {
            Web.Answer answer = basic ? web.postForm(tokenEndpoint, form, target.clientId(), target.clientSecret())
                    : web.postForm(tokenEndpoint, form);
            Optional<JsonNode> json = answer.json();
            if (answer.status() == 200 && json.isPresent() && json.get().hasNonNull("access_token")) {
                report.add(Check.passed(id, "the code exchange with \"" + method + "\" returns an access token"));
                return json;
            }
            String error = json.map(node -> node.path("error").asText() + ": " + node.path("error_description").asText()).orElse(answer.body());
            report.add(Check.failed(id, "the code exchange with \"" + method + "\" answers HTTP " + answer.status() + " " + error,
                    "\"Error getting access token\" (or \"Something went wrong\")",
                    error.startsWith("unauthorized_client") || error.startsWith("invalid_client") ? "the client id or secret is refused" : "the token request is refused",
                    actionGate ? "paste GPT_CLIENT_SECRET (DATA_DIR/secrets.env) into the GPT editor, and pick \"" + method + "\" as its Token Exchange Method"
                            : "check the client secret and that the client accepts it sent this way"));
        } catch (Web.Unreachable e) {
            report.add(unreachable(id, tokenEndpoint, e));
        }
        return Optional.empty();
    }

    private void tokenShape(JsonNode body) {
        String tokenType = body.path("token_type").asText(null);
        String mapperFix = actionGate
                ? "add the \"ChatGPT token response\" mapper (chatgpt-token-response) to the client: admin console > Clients > "
                        + target.clientId() + " > Client scopes > dedicated scope > Add mapper > By configuration"
                : "return token_type \"bearer\", an integer expires_in and a refresh_token";
        report.add("bearer".equals(tokenType)
                ? Check.passed("gpt.token.type", "token_type is \"bearer\"")
                : Check.failed("gpt.token.type", "token_type is \"" + tokenType + "\"", "\"Error getting access token\" or a sign-in loop",
                        "ChatGPT documents the response with token_type \"bearer\", in lower case", mapperFix));
        JsonNode expiresIn = body.get("expires_in");
        report.add(expiresIn != null && expiresIn.isIntegralNumber()
                ? Check.passed("gpt.token.expires-in", "expires_in is an integer (" + expiresIn.asLong() + " s)")
                : Check.failed("gpt.token.expires-in", "expires_in is " + expiresIn, "the user is asked to sign in again at every call",
                        "ChatGPT needs expires_in as a number of seconds to know when to refresh", mapperFix));
        report.add(body.hasNonNull("refresh_token")
                ? Check.passed("gpt.token.refresh-token", "a refresh token is returned")
                : Check.failed("gpt.token.refresh-token", "no refresh token", "\"User is missing credentials\" once the access token expires",
                        "without a refresh token ChatGPT must send the user through the sign-in again",
                        actionGate ? "give the client the offline_access scope as a default scope" : "issue a refresh token for the authorization-code grant"));
    }

    private void refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", target.clientId());
        form.put("client_secret", target.clientSecret());
        try {
            Web.Answer answer = web.postForm(tokenEndpoint, form);
            report.add(answer.status() == 200 && answer.json().map(json -> json.hasNonNull("access_token")).orElse(false)
                    ? Check.passed("gpt.token.refresh", "the refresh returns a new access token")
                    : Check.failed("gpt.token.refresh", "the refresh answers HTTP " + answer.status(), "the user must sign in again once the access token expires",
                            "the refresh grant is refused", "allow the refresh_token grant for the client"));
        } catch (Web.Unreachable e) {
            report.add(unreachable("gpt.token.refresh", tokenEndpoint, e));
        }
        Optional<String> type = Tokens.claims(refreshToken).map(claims -> claims.path("typ").asText(""));
        if (type.isEmpty()) {
            report.add(Check.notChecked("gpt.token.offline", "whether the refresh token outlives the browser session",
                    "the refresh token is opaque"));
        } else {
            report.add("Offline".equals(type.get())
                    ? Check.passed("gpt.token.offline", "the refresh token is an offline token: it outlives the browser session")
                    : Check.failed("gpt.token.offline", "the refresh token is a \"" + type.get() + "\" token, tied to the browser session",
                            "after the session ends (hours), \"Something went wrong\" and a new sign-in",
                            "ChatGPT refreshes for days; a session-bound refresh token dies with the session",
                            actionGate ? "give the client offline_access as a default client scope" : "issue offline (long-lived) refresh tokens"));
        }
    }

    private void apiCalls(OpenAPI api, String accessToken) {
        String server = api.getServers() == null || api.getServers().isEmpty() ? null : stripSlash(api.getServers().get(0).getUrl());
        List<OpenApiChecks.Endpoint> gets = OpenApiChecks.simpleGets(api);
        if (server == null || gets.isEmpty()) {
            report.add(Check.notChecked("api.challenge", "the API call", "no server URL or no GET operation without path parameters"));
            return;
        }
        OpenApiChecks.Endpoint endpoint = gets.stream().filter(OpenApiChecks.Endpoint::secured).findFirst().orElse(gets.get(0));
        String url = server + endpoint.path();
        try {
            Web.Answer anonymous = new Web().get(url);
            String challenge = anonymous.header("WWW-Authenticate").orElse("");
            report.add(anonymous.status() == 401 && challenge.regionMatches(true, 0, "Bearer", 0, 6)
                    ? Check.passed("api.challenge", "GET " + endpoint.path() + " without a token: 401 with a Bearer challenge")
                    : Check.failed("api.challenge", "GET " + endpoint.path() + " without a token answers HTTP " + anonymous.status()
                                    + (challenge.isEmpty() ? "" : " (" + challenge + ")"),
                            anonymous.status() / 100 == 2 ? "nothing: the action works without signing in, for anyone who finds the URL"
                                    : "\"Something went wrong\" instead of a sign-in prompt",
                            anonymous.status() / 100 == 2 ? "the API does not require a token" : "ChatGPT expects 401 with WWW-Authenticate: Bearer",
                            "require a bearer token on every operation and answer 401 with WWW-Authenticate: Bearer without one"));
            Web.Answer authenticated = new Web().get(url, accessToken);
            report.add(authenticated.status() / 100 == 2
                    ? Check.passed("api.with-token", "GET " + endpoint.path() + " with the token: HTTP " + authenticated.status())
                    : Check.failed("api.with-token", "GET " + endpoint.path() + " with the token answers HTTP " + authenticated.status()
                                    + authenticated.header("WWW-Authenticate").map(value -> " (" + value + ")").orElse(""),
                            "\"Error communicating with the API\" or a new sign-in prompt", "the API refuses the token the auth server issued",
                            actionGate ? "the token's audience must be agenda-api (the client's audience mapper) and the API's PUBLIC_AUTH_URL the issuer"
                                    : "accept the auth server's tokens: issuer, audience and signature keys"));
        } catch (Web.Unreachable e) {
            report.add(unreachable("api.with-token", url, e));
        }
    }

    private boolean canSignIn() {
        return target.user() != null && target.password() != null;
    }

    private String authorizationUrl(String scope, String state, Map<String, String> extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", target.clientId());
        query.put("redirect_uri", target.callback());
        query.put("state", state);
        if (scope != null) {
            query.put("scope", scope);
        }
        query.putAll(extra);
        return authorizationEndpoint + (authorizationEndpoint.contains("?") ? "&" : "?") + Web.formBody(query);
    }

    private Check unreachable(String id, String url, Web.Unreachable e) {
        return Check.failed(id, "no answer from " + url + ": " + e.getMessage(),
                e.tls() ? "\"Could not connect\" or \"Something went wrong\"" : "\"Something went wrong\"",
                e.tls() ? "ChatGPT accepts only certificates a public CA issued for the host name" : "the host is not reachable from here",
                e.tls() ? "serve a valid certificate for the host (Caddy in deploy/ gets one from Let's Encrypt)" : "check the URL, DNS and firewall");
    }

    static String randomState() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String stripSlash(String url) {
        return ActionGateProbe.stripSlash(url);
    }
}
