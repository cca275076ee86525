package io.actiongate.server.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A signed-in session of the agenda page without a browser: quarkus-oidc's code flow followed by hand (the page
 * sends the user to Keycloak, the user signs in, Keycloak sends the code back to the page), as many times as a
 * benchmark needs sessions. The agenda page is the API's; the harness holds this so every module's tests share it.
 */
public final class AgendaPageSession {

    private final Map<String, String> cookies;

    private AgendaPageSession(Map<String, String> cookies) {
        this.cookies = cookies;
    }

    public static AgendaPageSession signIn(String apiUrl, KeycloakUnderTest keycloak, String username, String password) {
        Response start = given().redirects().follow(false).get(apiUrl + "/");
        assertThat(start.statusCode()).as("the page sends an anonymous visitor to sign in").isEqualTo(302);
        Map<String, String> cookies = new HashMap<>(start.getCookies());
        ChatGpt.Callback callback = new ChatGpt(keycloak, "agenda-web", null)
                .signInAt(start.header("Location"), apiUrl + "/", username, password);
        Response back = given().redirects().follow(false).urlEncodingEnabled(false).cookies(cookies)
                .get(callback.location().toString());
        assertThat(back.statusCode()).as(back.asString()).isIn(200, 302);
        cookies.putAll(back.getCookies());
        cookies.keySet().removeIf(name -> name.startsWith("q_auth"));
        assertThat(cookies.keySet()).anyMatch(name -> name.startsWith("q_session"));
        return new AgendaPageSession(cookies);
    }

    /** The session's cookies, for RestAssured. */
    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    /** The session's cookies as one {@code Cookie} header. */
    public String cookieHeader() {
        return cookies.entrySet().stream().map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }
}
