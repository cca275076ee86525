package io.actiongate.agenda.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.agenda.StagedKeycloakResource;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.HeadlessChromium;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The user's agenda page in headless Chromium against the staged Keycloak, as a user meets it: sign in through the
 * realm's pages, add an item on the page, see items made through the REST API (a GPT Action's token) and through
 * /mcp (a connector's token) appear without reload, never another user's, disconnect a GPT and see its refresh
 * refused, keep what was typed across an expired session, sign out. Beside it the hostile inputs: writes without
 * the CSRF token, from another content type, anonymous.
 */
@QuarkusTest
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
@EnabledIf("io.actiongate.server.testing.HeadlessChromium#availableOrFailOnCi")
class AgendaPageTest {

    private static final Duration LIVE = Duration.ofSeconds(2);
    private static final KeycloakAdmin ADMIN = new KeycloakAdmin(StagedKeycloak.shared());

    @TestHTTPResource("/")
    URL root;

    private record User(String name, String password) {
        static User create() {
            User user = new User("page-" + UUID.randomUUID().toString().substring(0, 8), RealmSettings.randomSecret());
            ADMIN.createUser(user.name(), user.password());
            return user;
        }
    }

    /** The page's client may send the browser back to this test's API (its random port) after sign-in. */
    @BeforeEach
    void allowThisApiAsRedirect() {
        String redirect = root.toString() + "*";
        ADMIN.updateClient(ADMIN.clientUuid("agenda-web"), client -> {
            if (!client.getRedirectUris().contains(redirect)) {
                client.setRedirectUris(java.util.stream.Stream.concat(client.getRedirectUris().stream(), java.util.stream.Stream.of(redirect)).toList());
            }
            return client;
        });
    }

    @Test
    void aUserSeesWhatChatGptDoesLiveAndOnlyTheirOwn() {
        User alice = User.create();
        User bob = User.create();
        ChromeDriver alicePage = HeadlessChromium.open(1280);
        ChromeDriver bobPage = HeadlessChromium.open(360);
        try {
            signIn(alicePage, alice);
            assertThat(alicePage.findElement(By.tagName("h1")).getText()).isEqualTo("Your agenda");
            assertThat(alicePage.findElement(By.id("empty")).getText()).contains("Ask ChatGPT");
            signIn(bobPage, bob);

            // Added on the page itself.
            addOnThePage(alicePage, "Buy stamps");
            awaitItem(alicePage, "Buy stamps", Duration.ofSeconds(5));

            // Through the REST API with a GPT Action's token: on the open page within 2 s, without reload.
            String gptToken = new ChatGptFor(alice).accessToken();
            long before = System.nanoTime();
            given().auth().oauth2(gptToken).contentType("application/json")
                    .body(Map.of("date", LocalDate.now().plusDays(1).toString(), "text", "From the GPT"))
                    .post("/items").then().statusCode(201);
            awaitItem(alicePage, "From the GPT", LIVE);
            System.out.printf("[actiongate] REST change on the page after %d ms%n", (System.nanoTime() - before) / 1_000_000);

            // Through /mcp with a connector's token.
            String connectorToken = new McpConnector(StagedKeycloak.shared())
                    .accessToken(StagedKeycloak.TEST_API_URL + "/mcp", McpConnector.ALL_SCOPES, alice.name(), alice.password());
            given().auth().oauth2(connectorToken).contentType("application/json").accept("application/json, text/event-stream")
                    .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params", Map.of("name", "createItem",
                            "arguments", Map.of("date", LocalDate.now().toString(), "text", "From the connector"))))
                    .post("/mcp").then().statusCode(200);
            awaitItem(alicePage, "From the connector", LIVE);

            // Bob's page, open all along, shows none of it.
            assertThat(bobPage.findElement(By.id("agenda")).getText())
                    .doesNotContain("Buy stamps").doesNotContain("From the GPT").doesNotContain("From the connector");
            assertThat(bobPage.findElement(By.id("empty")).isDisplayed()).isTrue();

            // Marked done on the page; the list says so after its live reload.
            WebElement gptItem = item(alicePage, "From the GPT");
            gptItem.findElement(By.cssSelector(".done-form button")).click();
            new WebDriverWait(alicePage, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class).until(browser ->
                    "true".equals(item(browser, "From the GPT").findElement(By.cssSelector(".done-form button")).getAttribute("aria-checked")));

            alicePage.navigate().refresh();
            awaitItem(alicePage, "From the connector", Duration.ofSeconds(5));
            HeadlessChromium.screenshot(alicePage, "agenda-page-1280");
        } finally {
            alicePage.quit();
            bobPage.quit();
        }
    }

    @Test
    void disconnectingAGptRevokesItsRefreshTokenAndSignOutEndsTheSession() {
        User alice = User.create();
        ChatGptFor gpt = new ChatGptFor(alice);
        String refreshToken = gpt.refreshToken();
        ChromeDriver page = HeadlessChromium.open(360);
        try {
            signIn(page, alice);
            WebElement app = page.findElement(By.cssSelector(".app[data-client-id='agenda-gpt']"));
            assertThat(app.getText()).contains("Agenda GPT").contains("Connected").contains("last used");
            HeadlessChromium.screenshot(page, "agenda-page-360");
            // Positive control: the refresh works while the GPT is connected.
            refreshToken = gpt.chatGpt().refresh(refreshToken, TokenExchangeMethod.POST_BODY).then().statusCode(200)
                    .extract().path("refresh_token");

            app.findElement(By.cssSelector("button")).click();
            new WebDriverWait(page, Duration.ofSeconds(10)).until(browser ->
                    browser.findElements(By.cssSelector(".app[data-client-id='agenda-gpt']")).isEmpty());
            Response refused = gpt.chatGpt().refresh(refreshToken, TokenExchangeMethod.POST_BODY);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error")).isEqualTo("invalid_grant");

            // Signing out ends the Keycloak session too: the next visit asks for the password again.
            page.findElement(By.cssSelector(".sign-out button")).click();
            new WebDriverWait(page, Duration.ofSeconds(10)).until(browser -> browser.getCurrentUrl().contains("/realms/gpt/"));
            assertThat(page.findElements(By.id("password"))).as("Keycloak's sign-in form, not a silent sign-in").isNotEmpty();
        } finally {
            page.quit();
        }
    }

    @Test
    void aConnectorCutForAReusedRefreshTokenSaysSoUntilItIsConnectedAgain() throws Exception {
        User alice = User.create();
        McpConnector connector = new McpConnector(StagedKeycloak.shared());
        String resource = StagedKeycloak.TEST_API_URL + "/mcp";
        String spent = connector.connect(resource, McpConnector.ALL_SCOPES, alice.name(), alice.password())
                .then().statusCode(200).extract().path("refresh_token");
        connector.refresh(spent, resource).then().statusCode(200);
        ChromeDriver page = HeadlessChromium.open(1280);
        try {
            signIn(page, alice);
            By app = By.cssSelector(".app[data-client-id='" + McpConnector.CLIENT_ID + "']");
            // Positive control: connected, nothing cut.
            assertThat(page.findElement(app).findElements(By.cssSelector(".cut"))).isEmpty();

            Thread.sleep((StagedKeycloak.REFRESH_REUSE_GRACE_SECONDS + 2) * 1000L);
            assertThat(connector.refresh(spent, resource).jsonPath().getString("error")).isEqualTo("invalid_grant");
            page.navigate().refresh();
            assertThat(page.findElement(app).findElement(By.cssSelector(".cut")).getText())
                    .startsWith("Cut ").contains("connect it again in ChatGPT");

            // Connected again through the normal sign-in: the note goes.
            connector.connect(resource, McpConnector.ALL_SCOPES, alice.name(), alice.password()).then().statusCode(200);
            page.navigate().refresh();
            assertThat(page.findElement(app).findElements(By.cssSelector(".cut"))).isEmpty();
        } finally {
            page.quit();
        }
    }

    @Test
    void anExpiredSessionSignsInAgainAndKeepsWhatWasTyped() {
        User alice = User.create();
        ChromeDriver page = HeadlessChromium.open(1280);
        try {
            signIn(page, alice);
            // The session ends (its cookie gone, as after its lifetime); the user has typed an item meanwhile.
            for (Cookie cookie : page.manage().getCookies()) {
                if (cookie.getName().startsWith("q_session")) {
                    page.manage().deleteCookie(cookie);
                }
            }
            page.findElement(By.cssSelector("#add input[name=text]")).sendKeys("Typed before the session ended");
            page.findElement(By.cssSelector("#add button")).click();

            // Signed in again (silently, while Keycloak's own session lasts; else through its form), the text is back.
            new WebDriverWait(page, Duration.ofSeconds(10)).until(browser -> !browser.findElements(By.id("password")).isEmpty()
                    || browser.manage().getCookies().stream().anyMatch(cookie -> cookie.getName().startsWith("q_session")));
            signInAs(page, alice);
            new WebDriverWait(page, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(browser ->
                    "Typed before the session ended".equals(browser.findElement(By.cssSelector("#add input[name=text]")).getAttribute("value")));
        } finally {
            page.quit();
        }
    }

    /** Hostile requests to the page's endpoints, each beside its positive control. */
    @Test
    void writesNeedTheSessionTheCsrfTokenAndAForm() {
        User alice = User.create();
        ChromeDriver page = HeadlessChromium.open(1280);
        try {
            signIn(page, alice);
            Map<String, String> cookies = page.manage().getCookies().stream()
                    .collect(Collectors.toMap(Cookie::getName, Cookie::getValue));
            String token = page.findElement(By.cssSelector("#add input[name=csrf-token]")).getAttribute("value");
            String sessionToken = page.findElement(By.cssSelector("#add input[name=session-token]")).getAttribute("value");
            assertThat(sessionToken).isNotBlank();
            assertThat(page.manage().getCookieNamed("csrf-token").isHttpOnly()).isTrue();
            Cookie session = page.manage().getCookies().stream().filter(cookie -> cookie.getName().startsWith("q_session")).findFirst().orElseThrow();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.isSecure()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Lax");
            String today = LocalDate.now().toString();

            // No CSRF token, a wrong one, or no session: refused, and nothing is added.
            given().cookies(cookies).redirects().follow(false).formParams(Map.of("date", today, "text", "Forged", "session-token", sessionToken))
                    .post("/web/items").then().statusCode(400);
            given().cookies(cookies).redirects().follow(false).formParams(Map.of("date", today, "text", "Forged", "csrf-token", "x" + token,
                    "session-token", sessionToken)).post("/web/items").then().statusCode(400);
            // The CSRF token without the session's own token, or with a wrong one: refused.
            given().cookies(cookies).redirects().follow(false).formParams(Map.of("date", today, "text", "Forged", "csrf-token", token))
                    .post("/web/items").then().statusCode(403);
            given().cookies(cookies).redirects().follow(false).formParams(Map.of("date", today, "text", "Forged", "csrf-token", token,
                    "session-token", "x" + sessionToken)).post("/web/items").then().statusCode(403);
            // From another site (a page elsewhere posting with the user's cookies): refused before anything else.
            given().cookies(cookies).redirects().follow(false).header("Origin", "https://evil.example")
                    .formParams(Map.of("date", today, "text", "Forged", "csrf-token", token, "session-token", sessionToken))
                    .post("/web/items").then().statusCode(403);
            Map<String, String> noSession = Map.of("csrf-token", cookies.get("csrf-token"));
            Response anonymous = given().cookies(noSession).redirects().follow(false)
                    .formParams(Map.of("date", today, "text", "Forged", "csrf-token", token)).post("/web/items");
            assertThat(anonymous.statusCode()).isEqualTo(302);
            assertThat(anonymous.header("Location")).contains("/realms/gpt/protocol/openid-connect/auth");
            // A body the page does not take (JSON is not checked for the token, so it must not be accepted).
            given().cookies(cookies).redirects().follow(false).contentType("application/json").body("{\"date\":\"" + today + "\",\"text\":\"Forged\"}")
                    .post("/web/items").then().statusCode(415);
            // Disconnecting an app that is not connected, or none: a clear problem, not a 500.
            Response notConnected = given().cookies(cookies).redirects().follow(false)
                    .formParams(Map.of("clientId", "no-such-app", "csrf-token", token, "session-token", sessionToken)).post("/web/apps/disconnect");
            assertThat(notConnected.statusCode()).isEqualTo(400);
            assertThat(notConnected.asString()).contains("is not an app connected to your agenda");
            given().cookies(cookies).redirects().follow(false).formParams(Map.of("csrf-token", token, "session-token", sessionToken))
                    .post("/web/apps/disconnect").then().statusCode(400);
            // Bad input: a clear problem, not a 500.
            Response badDate = given().cookies(cookies).redirects().follow(false).header("X-Requested-With", "JavaScript")
                    .formParams(Map.of("date", "tomorrow", "text", "Bad date", "csrf-token", token, "session-token", sessionToken))
                    .post("/web/items");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.contentType()).startsWith("application/problem+json");
            page.navigate().refresh();
            assertThat(page.findElement(By.id("agenda")).getText()).doesNotContain("Forged").doesNotContain("Bad date");

            // Positive control: the same request with both tokens and the session adds the item, from the page's
            // own origin too.
            given().cookies(cookies).redirects().follow(false).header("X-Requested-With", "JavaScript")
                    .header("Origin", root.toString().replaceAll("/$", ""))
                    .formParams(Map.of("date", today, "text", "With the token", "csrf-token", token, "session-token", sessionToken))
                    .post("/web/items").then().statusCode(204);
            page.navigate().refresh();
            awaitItem(page, "With the token", Duration.ofSeconds(5));

            // German, as the browser asks for it.
            String german = given().cookies(cookies).header("Accept-Language", "de-DE,de;q=0.9").get("/").then().statusCode(200).extract().asString();
            assertThat(german).contains("Ihre Agenda").contains("Verbundene Apps").contains("lang=\"de\"");
        } finally {
            page.quit();
        }
    }

    /**
     * Another user's pair of CSRF cookie and token (what an attacker has from their own session and could plant in
     * the victim's browser) does not pass with the victim's session; nor does a sign-out by GET or without the
     * tokens. The page sends its security headers.
     */
    @Test
    void anotherSessionsTokensDoNotPassAndSignOutNeedsThem() {
        User alice = User.create();
        User mallory = User.create();
        ChromeDriver alicePage = HeadlessChromium.open(1280);
        ChromeDriver malloryPage = HeadlessChromium.open(1280);
        try {
            signIn(alicePage, alice);
            signIn(malloryPage, mallory);
            Map<String, String> aliceCookies = alicePage.manage().getCookies().stream()
                    .collect(Collectors.toMap(Cookie::getName, Cookie::getValue));
            Map<String, String> planted = new java.util.HashMap<>(aliceCookies);
            planted.put("csrf-token", malloryPage.manage().getCookieNamed("csrf-token").getValue());
            Map<String, String> mallorys = Map.of(
                    "csrf-token", malloryPage.findElement(By.cssSelector("#add input[name=csrf-token]")).getAttribute("value"),
                    "session-token", malloryPage.findElement(By.cssSelector("#add input[name=session-token]")).getAttribute("value"));
            String today = LocalDate.now().toString();

            Map<String, String> forged = new java.util.HashMap<>(mallorys);
            forged.putAll(Map.of("date", today, "text", "Planted"));
            given().cookies(planted).redirects().follow(false).formParams(forged).post("/web/items").then().statusCode(403);

            // Sign-out by a plain GET (a link or an image elsewhere), or by a post without the tokens: nothing ends.
            given().cookies(aliceCookies).redirects().follow(false).get("/web/logout").then().statusCode(405);
            given().cookies(aliceCookies).redirects().follow(false).formParams(Map.of("x", "y")).post("/web/logout")
                    .then().statusCode(org.hamcrest.Matchers.oneOf(400, 403));
            given().cookies(planted).redirects().follow(false).formParams(mallorys).post("/web/logout").then().statusCode(403);
            alicePage.navigate().refresh();
            assertThat(alicePage.findElement(By.id("agenda")).getText()).doesNotContain("Planted");
            assertThat(alicePage.findElements(By.id("password"))).as("still signed in").isEmpty();

            // The live stream refuses another site's page too; the page's own origin is answered.
            given().cookies(aliceCookies).redirects().follow(false).header("Origin", "https://evil.example")
                    .get("/web/events").then().statusCode(403);

            // Positive control: Alice's own tokens with her session add the item.
            Map<String, String> own = new java.util.HashMap<>(Map.of("date", today, "text", "Her own",
                    "csrf-token", alicePage.findElement(By.cssSelector("#add input[name=csrf-token]")).getAttribute("value"),
                    "session-token", alicePage.findElement(By.cssSelector("#add input[name=session-token]")).getAttribute("value")));
            given().cookies(aliceCookies).redirects().follow(false).header("X-Requested-With", "JavaScript").formParams(own)
                    .post("/web/items").then().statusCode(204);

            Response headers = given().cookies(aliceCookies).redirects().follow(false).get("/");
            assertThat(headers.statusCode()).isEqualTo(200);
            assertThat(headers.header("Content-Security-Policy")).contains("frame-ancestors 'none'", "script-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(headers.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(headers.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(headers.header("Referrer-Policy")).isEqualTo("same-origin");
        } finally {
            alicePage.quit();
            malloryPage.quit();
        }
    }

    /** A GPT Action of the realm, signed in for the user as ChatGPT signs in. */
    private static final class ChatGptFor {
        private final ChatGpt chatGpt = new ChatGpt(StagedKeycloak.shared());
        private final Response tokens;

        ChatGptFor(User user) {
            ChatGpt.Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, UUID.randomUUID().toString(),
                    "openid offline_access", user.name(), user.password());
            tokens = chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY);
            tokens.then().statusCode(200);
        }

        ChatGpt chatGpt() {
            return chatGpt;
        }

        String accessToken() {
            return tokens.path("access_token");
        }

        String refreshToken() {
            return tokens.path("refresh_token");
        }
    }

    private void signIn(ChromeDriver browser, User user) {
        browser.get(root.toString());
        signInAs(browser, user);
    }

    /** Fills Keycloak's sign-in form if it is shown, and waits for the agenda page. */
    private static void signInAs(ChromeDriver browser, User user) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(page ->
                !page.findElements(By.id("password")).isEmpty() || !page.findElements(By.id("agenda")).isEmpty());
        if (!browser.findElements(By.id("password")).isEmpty()) {
            browser.findElement(By.id("username")).sendKeys(user.name());
            browser.findElement(By.id("password")).sendKeys(user.password());
            browser.findElement(By.id("kc-login")).click();
        }
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(page -> !page.findElements(By.id("agenda")).isEmpty());
    }

    private static void addOnThePage(ChromeDriver browser, String text) {
        browser.findElement(By.cssSelector("#add input[name=text]")).sendKeys(text);
        browser.findElement(By.cssSelector("#add button")).click();
    }

    private static WebElement item(org.openqa.selenium.WebDriver browser, String text) {
        return browser.findElements(By.cssSelector("#agenda .item")).stream()
                .filter(item -> text.equals(item.findElement(By.cssSelector(".edit input[name=text]")).getAttribute("value")))
                .findFirst().orElseThrow(() -> new AssertionError("no item " + text));
    }

    /** Waits for the item to show on the open page, without reloading it. */
    private static void awaitItem(ChromeDriver browser, String text, Duration within) {
        new WebDriverWait(browser, within, Duration.ofMillis(50)).ignoring(AssertionError.class)
                .ignoring(StaleElementReferenceException.class)
                .until(page -> item(page, text) != null);
    }
}
