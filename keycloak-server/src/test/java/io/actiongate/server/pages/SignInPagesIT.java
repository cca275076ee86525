package io.actiongate.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.HeadlessChromium;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.TestCallbacks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The pages a ChatGPT user sees, in a real browser at a phone's and a laptop's width: login, consent and the
 * rejected-callback page name the GPT and the service; Google's button follows Google's branding. Screenshots
 * land in target/screenshots.
 */
@EnabledIf("io.actiongate.server.testing.HeadlessChromium#availableOrFailOnCi")
class SignInPagesIT {

    private static final String SERVICE = "Acme Agenda";
    private static final String GPT = "Trip Planner GPT";
    // A server of its own: another service name and GPT name than the shared one, and Google switched on
    // (keys that only have to exist: the test never leaves for Google), and connectors may register themselves.
    @RegisterExtension
    static final ServerExtension server = ServerExtension.own(
            () -> StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED), Map.of(
                "SERVICE_NAME", SERVICE,
                "MCP_REGISTRATION", "cimd,dcr",
                "GPT_CLIENT_NAME", GPT,
                "GOOGLE_CLIENT_ID", "1234567890-test.apps.googleusercontent.com",
                "GOOGLE_CLIENT_SECRET", "not-a-real-secret")));

    private final StagedKeycloak keycloak;

    SignInPagesIT(StagedKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {360, 1280})
    void loginAndConsentNameTheGptAndTheService(int width) {
        ChromeDriver browser = HeadlessChromium.open(width);
        try {
            browser.get(authorizationUrl(TestCallbacks.APPROVED, Map.of()));

            assertThat(browser.findElement(By.id("kc-page-title")).getText()).isEqualTo("Sign in to " + SERVICE);
            assertThat(browser.findElement(By.id("actiongate-gpt")).getText())
                    .isEqualTo(GPT + " in ChatGPT is asking you to sign in with your " + SERVICE + " account.");
            assertThat(browser.findElement(By.cssSelector("label[for=username]")).getText()).isNotBlank();
            assertThat(browser.findElement(By.cssSelector("label[for=password]")).getText()).isNotBlank();
            assertFitsTheWidth(browser, width);
            assertGoogleButtonFollowsTheGuidelines(browser, browser.findElement(By.id("social-google")));
            HeadlessChromium.screenshot(browser, "login-" + width);

            browser.findElement(By.id("username")).sendKeys(keycloak.settings().demoUser());
            browser.findElement(By.id("password")).sendKeys(keycloak.settings().demoPassword());
            browser.findElement(By.id("kc-login")).click();

            HeadlessChromium.awaitText(browser, By.id("kc-page-title"), "Allow " + GPT + " to use your " + SERVICE + " account?");
            String consent = browser.findElement(By.id("kc-oauth")).getText();
            assertThat(consent).contains(GPT + " in ChatGPT will be able to:",
                    "Read, add, change and delete your agenda items for you",
                    "See your name and username",
                    "Stay connected, so you do not have to sign in again each time you use it",
                    "You can take this access back at any time on your " + SERVICE + " account page, under Applications.");
            assertThat(browser.findElement(By.cssSelector("#actiongate-revoke a")).getAttribute("href"))
                    .isEqualTo(keycloak.realmUrl() + "/account/applications");
            assertThat(browser.findElement(By.id("kc-login")).getText()).isEqualTo("Allow");
            assertThat(browser.findElement(By.id("kc-cancel")).getText()).isEqualTo("Don't allow");
            assertFitsTheWidth(browser, width);
            HeadlessChromium.screenshot(browser, "consent-" + width);
        } finally {
            browser.quit();
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {360, 1280})
    void aRejectedCallbackIsExplainedToTheUserAndToTheBuilder(int width) {
        ChromeDriver browser = HeadlessChromium.open(width);
        try {
            browser.get(authorizationUrl("https://chatgpt.com/aip/g-notapproved" + width + "/oauth/callback", Map.of()));

            assertThat(browser.findElement(By.id("kc-page-title")).getText()).isEqualTo("This GPT cannot sign you in yet");
            assertThat(browser.findElement(By.id("kc-error-message")).getText())
                    .contains("This GPT is not approved to sign in here yet.")
                    .contains("Nothing is wrong with your account.");
            assertThat(browser.findElement(By.id("actiongate-builder-help")).getText())
                    .contains("If you built this GPT", "the administrator of " + SERVICE, "approve");
            assertFitsTheWidth(browser, width);
            HeadlessChromium.screenshot(browser, "rejected-callback-" + width);
        } finally {
            browser.quit();
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {360})
    void theLoginPageSpeaksGerman(int width) {
        ChromeDriver browser = HeadlessChromium.open(width);
        try {
            browser.get(authorizationUrl(TestCallbacks.APPROVED, Map.of("ui_locales", "de")));

            assertThat(browser.findElement(By.id("kc-page-title")).getText()).isEqualTo("Bei " + SERVICE + " anmelden");
            assertThat(browser.findElement(By.id("actiongate-gpt")).getText()).startsWith(GPT + " in ChatGPT bittet Sie");
            assertThat(browser.findElement(By.id("social-google")).getText()).isEqualTo("Über Google anmelden");
            HeadlessChromium.screenshot(browser, "login-de-" + width);
        } finally {
            browser.quit();
        }
    }

    /** Google's light button: white fill, #747775 stroke, #1F1F1F text, Roboto Medium 14 px, the standard "G". */
    private static void assertGoogleButtonFollowsTheGuidelines(ChromeDriver browser, WebElement button) {
        Object robotoLoaded = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "document.fonts.ready.then(() => done([...document.fonts].some(font =>"
                + " font.family.includes('ActionGate Roboto') && font.weight === '500' && font.status === 'loaded')));");
        assertThat(robotoLoaded).as("the theme's Roboto Medium is loaded").isEqualTo(true);
        assertThat(button.getCssValue("font-family")).startsWith("\"ActionGate Roboto\"");
        assertThat(button.getText()).isEqualTo("Sign in with Google");
        assertThat(button.getCssValue("background-color")).isIn("rgba(255, 255, 255, 1)", "rgb(255, 255, 255)");
        assertThat(button.getCssValue("border-top-color")).isIn("rgba(116, 119, 117, 1)", "rgb(116, 119, 117)");
        assertThat(button.getCssValue("color")).isIn("rgba(31, 31, 31, 1)", "rgb(31, 31, 31)");
        assertThat(button.getCssValue("font-size")).isEqualTo("14px");
        assertThat(button.getCssValue("font-weight")).isEqualTo("500");
        assertThat(button.getCssValue("height")).isEqualTo("40px");
        assertThat(button.findElement(By.tagName("svg")).getCssValue("filter")).as("the G is not recoloured").isEqualTo("none");
        assertThat(button.findElements(By.cssSelector("svg path[fill]")).stream().map(path -> path.getAttribute("fill")).toList())
                .containsExactly("#EA4335", "#4285F4", "#FBBC05", "#34A853", "none");
    }

    private static void assertFitsTheWidth(WebDriver browser, int width) {
        long scrollWidth = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth")).longValue();
        assertThat(scrollWidth).as("no sideways scrolling at " + width + " px").isLessThanOrEqualTo(width);
    }

    /** A connector that registered itself: its claimed name, and that nobody checked it. */
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {360, 1280})
    void aConnectorThatRegisteredItselfIsShownAsSuchOnTheConsentPage(int width) {
        String clientId = io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("client_name", "ChatGPT", "redirect_uris", List.of(McpConnector.STABLE_CALLBACK),
                        "token_endpoint_auth_method", "none", "grant_types", List.of("authorization_code", "refresh_token")))
                .post(keycloak.realmUrl() + "/clients-registrations/openid-connect")
                .then().statusCode(201).extract().path("client_id");
        ChromeDriver browser = HeadlessChromium.open(width);
        try {
            browser.get(authorizationUrl(clientId, McpConnector.STABLE_CALLBACK, Map.of("scope", McpConnector.ALL_SCOPES,
                    "code_challenge", McpConnector.challenge("pages-verifier-0123456789-0123456789-0123456789"),
                    "code_challenge_method", "S256")));
            browser.findElement(By.id("username")).sendKeys(keycloak.settings().demoUser());
            browser.findElement(By.id("password")).sendKeys(keycloak.settings().demoPassword());
            browser.findElement(By.id("kc-login")).click();

            HeadlessChromium.awaitText(browser, By.id("kc-page-title"), "Allow ChatGPT to use your " + SERVICE + " account?");
            String consent = browser.findElement(By.id("kc-oauth")).getText();
            assertThat(consent).contains("If you allow it, ChatGPT will be able to:").doesNotContain("in ChatGPT will be able to");
            assertThat(browser.findElement(By.id("actiongate-self-registered")).getText()).isEqualTo("This app registered itself with "
                    + SERVICE + " as \u201cChatGPT\u201d; " + SERVICE + " has not checked that it is ChatGPT. Allow it only if you "
                    + "have just connected " + SERVICE + " in ChatGPT yourself.");
            assertFitsTheWidth(browser, width);
            HeadlessChromium.screenshot(browser, "consent-connector-" + width);
        } finally {
            browser.quit();
        }
    }

    private String authorizationUrl(String callback, Map<String, String> extra) {
        return authorizationUrl(keycloak.settings().clientId(), callback, extra);
    }

    private String authorizationUrl(String clientId, String callback, Map<String, String> extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", callback);
        query.put("state", "pages");
        query.put("scope", "openid offline_access");
        query.putAll(extra);
        return keycloak.authorizationUrl() + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
