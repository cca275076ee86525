package io.actiongate.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.GptClientsPage;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.HeadlessChromium;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.TestCallbacks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's "GPT clients" page in a real browser, as an admin uses it: log in, open the realm's GPT
 * client, approve the callback ChatGPT was refused with, and the next sign-in with it succeeds; create a new GPT
 * client from the page. Screenshots land in target/screenshots.
 */
@EnabledIf("io.actiongate.server.testing.HeadlessChromium#availableOrFailOnCi")
class GptClientsConsoleIT {

    private static final String SCOPE = "openid offline_access";
    private static final String EDITED = "https://chatgpt.com/aip/g-editedInBrowser/oauth/callback";

    // A server of its own: the test approves everything waiting on the realm's client.
    @RegisterExtension
    static final ServerExtension server = ServerExtension.own(
            () -> StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED), Map.of()));

    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;

    GptClientsConsoleIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }

    @Test
    void anAdminApprovesTheCallbackChatGptWasRefusedWithAndTheNextSignInSucceeds() {
        ChatGpt chatGpt = new ChatGpt(keycloak);
        chatGpt.authorize(EDITED, "refused", SCOPE).then().statusCode(400);

        ChromeDriver browser = HeadlessChromium.open(1280);
        try {
            logInToThePage(browser);
            HeadlessChromium.screenshot(browser, "console-gpt-clients");
            openEntry(browser, keycloak.settings().clientId());
            WebElement waiting = awaitValue(browser, "config.waitingCallbacks0", EDITED);
            assertThat(waiting.getDomProperty("value")).contains("GPT g-editedInBrowser", "1 attempt", "first seen");
            assertThat(value(browser, "authorizationUrl"))
                    .isEqualTo(keycloak.baseUrl() + "/realms/gpt/protocol/openid-connect/auth");
            assertThat(value(browser, "tokenUrl")).isEqualTo(keycloak.baseUrl() + "/realms/gpt/protocol/openid-connect/token");
            assertThat(value(browser, "scope")).isEqualTo(SCOPE);
            assertThat(browser.findElement(inputLocator("tokenUrl")).getDomProperty("readOnly")).isEqualTo("true");
            assertThat(copied(browser, "tokenUrl")).isEqualTo(keycloak.baseUrl() + "/realms/gpt/protocol/openid-connect/token");
            assertThat(copied(browser, "clientId")).isEqualTo(keycloak.settings().clientId());
            HeadlessChromium.screenshot(browser, "console-gpt-client-waiting");

            browser.findElement(By.cssSelector("label[for=approveWaiting]")).click();
            save(browser);

            Callback callback = chatGpt.signIn(EDITED, "approved", SCOPE);
            String refreshToken = chatGpt.exchangeCode(callback.code(), EDITED, TokenExchangeMethod.POST_BODY)
                    .then().statusCode(200).extract().path("refresh_token");
            chatGpt.refresh(refreshToken, TokenExchangeMethod.POST_BODY).then().statusCode(200);

            browser.navigate().refresh();
            awaitValue(browser, "config.clientId", keycloak.settings().clientId());
            assertThat(List.of(value(browser, "config.approvedCallbacks0"), value(browser, "config.approvedCallbacks1")))
                    .containsExactlyInAnyOrder(TestCallbacks.APPROVED, EDITED);
            assertThat(value(browser, "config.waitingCallbacks0")).isEmpty();
            // The sign-in with the approved callback reaches the entry's recent activity (rewritten every few seconds).
            wait(browser).withTimeout(Duration.ofSeconds(45)).pollingEvery(Duration.ofSeconds(3)).until(driver -> {
                driver.navigate().refresh();
                List<WebElement> activity = wait(browser).until(d -> d.findElements(By.cssSelector("textarea[data-testid=recentActivity]")).isEmpty()
                        ? null : d.findElements(By.cssSelector("textarea[data-testid=recentActivity]")));
                return activity.get(0).getDomProperty("value").contains("refresh  GPT g-editedInBrowser");
            });
            HeadlessChromium.screenshot(browser, "console-gpt-client-approved");
            WebElement activity = browser.findElement(By.cssSelector("textarea[data-testid=recentActivity]"));
            assertThat(activity.getDomProperty("value")).contains("callback refused, waiting for approval  GPT g-editedInBrowser");
            assertThat(activity.getDomProperty("value").lines()).hasSize(4);
            assertThat(activity.getDomProperty("rows")).as("all lines shown").isEqualTo("4");
            browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", activity);
            HeadlessChromium.screenshot(browser, "console-gpt-client-activity");
        } finally {
            browser.quit();
        }
    }

    @Test
    void anAdminCreatesANewGptClientOnThePage() {
        String clientId = "browser-made-gpt";
        ChromeDriver browser = HeadlessChromium.open(1280);
        try {
            logInToThePage(browser);
            wait(browser).until(ExpectedConditions.elementToBeClickable(By.linkText("Create item")))
                    .click();
            wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=clientId]")))
                    .sendKeys(clientId);
            browser.findElement(By.cssSelector("[data-testid=gptName]")).sendKeys("Browser GPT");
            browser.findElement(By.cssSelector("[data-testid='config.approvedCallbacks0']")).sendKeys(TestCallbacks.APPROVED);
            save(browser);
        } finally {
            browser.quit();
        }

        String uuid = admin.clientUuid(clientId);
        String secret = admin.admin().get(admin.realmAdminUrl() + "/clients/" + uuid + "/client-secret")
                .then().statusCode(200).extract().path("value");
        assertThat(GptClientsPage.field(new GptClientsPage(admin).entry(clientId), "gptName")).containsExactly("Browser GPT");
        ChatGpt chatGpt = new ChatGpt(keycloak, clientId, secret);
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED, "new-gpt", SCOPE);
        chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED, TokenExchangeMethod.BASIC_HEADER).then().statusCode(200);
    }

    private void logInToThePage(ChromeDriver browser) {
        browser.get(keycloak.baseUrl() + "/admin/master/console/#/gpt/page-section/gpt-clients");
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(keycloak.settings().adminUser());
        browser.findElement(By.id("password")).sendKeys(keycloak.settings().adminPassword());
        browser.findElement(By.id("kc-login")).click();
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[normalize-space()='GPT clients']")));
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.linkText(keycloak.settings().clientId())));
    }

    private static void openEntry(ChromeDriver browser, String clientId) {
        browser.findElement(By.linkText(clientId)).click();
        awaitValue(browser, "config.clientId", clientId);
    }

    /** Saves the form and waits for the console's success message. */
    private static void save(ChromeDriver browser) {
        browser.findElement(By.cssSelector("[data-testid=save]")).click();
        WebElement alert = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-alert")));
        assertThat(alert.getDomAttribute("class")).as(alert.getText()).contains("pf-m-success");
    }

    /** Waits until the input (by id or data-testid) shows a value starting with {@code expected}. */
    private static WebElement awaitValue(ChromeDriver browser, String input, String expected) {
        return wait(browser).until(driver -> {
            List<WebElement> found = driver.findElements(inputLocator(input));
            return found.isEmpty() || !found.get(0).getDomProperty("value").startsWith(expected) ? null : found.get(0);
        });
    }

    /** Clicks the Copy button ActionGate's admin theme adds next to {@code key}; what the clipboard then holds. */
    private String copied(ChromeDriver browser, String key) {
        browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", keycloak.baseUrl(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        WebElement copy = browser.findElement(By.cssSelector("[data-testid=copy-" + key + "]"));
        copy.click();
        wait(browser).until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
        return (String) browser.executeAsyncScript("navigator.clipboard.readText().then(arguments[0], e => arguments[0]('failed: ' + e))");
    }

    private static String value(ChromeDriver browser, String input) {
        return browser.findElement(inputLocator(input)).getDomProperty("value");
    }

    private static By inputLocator(String input) {
        return By.cssSelector("input[id='" + input + "'], input[data-testid='" + input + "']");
    }

    private static WebDriverWait wait(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }
}
