package io.actiongate.server.connectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.GptClientsPage;
import io.actiongate.server.testing.HeadlessChromium;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.MetadataDocumentServer;
import io.actiongate.server.testing.MetadataDocumentServer.Route;
import io.actiongate.server.testing.MetadataDocumentServer.SigningKey;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Client ID metadata documents against a server of their own: ChatGPT's published document ({@link MetadataDocumentServer}), byte for byte with only
 * its own host and port changed, served over HTTPS by a local server whose certificate Keycloak trusts
 * ({@code KC_TRUSTSTORE_PATHS}), with {@code private_key_jwt} (keys at that server's JWKS) and again with
 * {@code none}; then a table of hostile documents, each refused with the reason on the error page and no client,
 * beside a good document that signs in. The server's JVM resolves names from a hosts file, so that
 * {@code rebind.test}, a listed name, resolves to loopback as a rebinding attacker would make it.
 */
class ClientMetadataDocumentIT {

    private static final String CALLBACK = "https://chatgpt.com/connector/oauth/IbUR3zxyNQ16";
    private static final String RESOURCE = StagedKeycloak.TEST_API_URL + "/mcp";
    /** The realm's display name when SERVICE_NAME is not set. */
    private static final String SERVICE = "Agenda";

    private static MetadataDocumentServer documents;
    private static StagedKeycloak keycloak;
    private static KeycloakAdmin admin;
    private static final SigningKey CHATGPTS_KEY = SigningKey.generate();

    @BeforeAll
    static void start() throws Exception {
        documents = MetadataDocumentServer.start();
        Path hosts = Files.createTempFile("actiongate-hosts-", ".txt");
        Files.writeString(hosts, "127.0.0.1 localhost\n::1 localhost\n127.0.0.1 rebind.test\n");
        keycloak = StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES), Map.of(
                "PUBLIC_API_URL", StagedKeycloak.TEST_API_URL,
                "MCP_CLIENT_METADATA_HOSTS", "localhost:" + documents.port() + ",rebind.test:" + documents.port(),
                "KC_TRUSTSTORE_PATHS", documents.certificatePem().toString(),
                "JAVA_OPTS_APPEND", "-Djdk.net.hosts.file=" + hosts,
                // No floor under a document's max-age, so a test can make its cached copy expire.
                "KC_SPI_CLIENT_POLICY_EXECUTOR__CHATGPT_CLIENT_METADATA_DOCUMENT__MIN_CACHE_TIME", "0"));
        admin = new KeycloakAdmin(keycloak);
        documents.put(MetadataDocumentServer.JWKS_PATH, Route.json(CHATGPTS_KEY.jwks(), "max-age=600"));
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
        documents.close();
    }

    private static String chatGptsDocument(String connectorId) {
        return documents.chatGptsDocument(connectorId);
    }

    private static String documentUrl(String connectorId) {
        return documents.documentUrl(connectorId);
    }

    @Test
    void discoveryAdvertisesDocumentsAndNotRegistrationByDefault() {
        Response document = given().get(keycloak.baseUrl() + "/.well-known/oauth-authorization-server/realms/gpt");
        assertThat(document.jsonPath().getBoolean("client_id_metadata_document_supported")).isTrue();
        assertThat(document.jsonPath().getString("registration_endpoint")).isNull();
    }

    @Test
    void chatGptsDocumentWithPrivateKeyJwtSignsInAndRefreshes() {
        String connectorId = "IbUR3zxyNQ16";
        documents.put("/oauth/" + connectorId + "/client.json", Route.json(chatGptsDocument(connectorId), "max-age=600"));
        String clientId = documentUrl(connectorId);
        ChatGpt chatGpt = new ChatGpt(keycloak, clientId, null);

        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        ChatGpt.Callback callback = chatGpt.signIn(CALLBACK, "state", McpConnector.ALL_SCOPES, Map.of(
                "code_challenge", McpConnector.challenge(verifier), "code_challenge_method", "S256", "resource", RESOURCE),
                keycloak.settings().demoUser(), keycloak.settings().demoPassword());

        // A JWKS that does not verify the assertion: an assertion signed by another key is refused, the code kept.
        Response forged = chatGpt.exchangeCode(callback.code(), CALLBACK, TokenExchangeMethod.PUBLIC_CLIENT,
                tokenParameters(verifier, SigningKey.generate().clientAssertion(clientId, keycloak.tokenUrl())));
        assertThat(forged.statusCode()).as("Keycloak's signed-JWT authenticator answers 400").isEqualTo(400);
        assertThat(forged.jsonPath().getString("error")).isEqualTo("invalid_client");

        Response tokens = chatGpt.exchangeCode(callback.code(), CALLBACK, TokenExchangeMethod.PUBLIC_CLIENT,
                tokenParameters(verifier, CHATGPTS_KEY.clientAssertion(clientId, keycloak.tokenUrl())));
        assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        assertThat(Jwt.audiences(tokens.path("access_token"))).containsExactly(RESOURCE);

        Response refreshed = chatGpt.refresh(tokens.path("refresh_token"), TokenExchangeMethod.PUBLIC_CLIENT, Map.of(
                "resource", RESOURCE, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", CHATGPTS_KEY.clientAssertion(clientId, keycloak.tokenUrl())));
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);

        Map<String, Object> client = admin.client(clientId);
        assertThat(client.get("publicClient")).isEqualTo(false);
        assertThat(client.get("clientAuthenticatorType")).isEqualTo("client-jwt");
        assertThat(client.get("redirectUris")).isEqualTo(List.of(CALLBACK));
        @SuppressWarnings("unchecked")
        Map<String, String> attributes = (Map<String, String>) client.get("attributes");
        assertThat(attributes).containsEntry("actiongate.connector", "cimd")
                .containsEntry("actiongate.metadata-host", "localhost:" + documents.port())
                .containsEntry("actiongate.callbacks", CALLBACK)
                .containsEntry("pkce.code.challenge.method", "S256");

        // Its events carry the connector's id, as a GPT's carry the GPT id.
        List<Map<String, Object>> events = admin.admin().queryParam("client", clientId).queryParam("max", 50)
                .get(admin.realmAdminUrl() + "/events").then().statusCode(200).extract().jsonPath().getList("");
        assertThat(events).extracting(event -> event.get("type")).contains("LOGIN", "CODE_TO_TOKEN", "REFRESH_TOKEN");
        assertThat(events).filteredOn(event -> List.of("LOGIN", "CODE_TO_TOKEN", "REFRESH_TOKEN").contains(event.get("type")))
                .allSatisfy(event -> assertThat(event.get("details")).asString().contains("connector_id=" + connectorId)
                        .doesNotContain("gpt_id"));

        // The console's entry says where it came from, how to cut it off, when it was used and who granted it.
        Map<String, Object> entry = new GptClientsPage(admin).entryOnce(clientId, shown ->
                String.valueOf(GptClientsPage.field(shown, "connectorUse")).contains("Granted by 1 user"));
        assertThat(GptClientsPage.field(entry, "connector")).singleElement().asString()
                .startsWith("MCP connector made from its client ID metadata document at " + clientId + ", fetched from localhost:"
                        + documents.port()).contains("Clients > " + clientId + " > Sessions");
        assertThat(GptClientsPage.field(entry, "connectorUse")).singleElement().asString().startsWith("First use ")
                .contains(", last use ").endsWith("who hold its refresh tokens: " + keycloak.settings().demoUser() + ".");
    }

    @Test
    void aPublicDocumentSignsInWithPkceAndIsCached() {
        String connectorId = "PublicDoc01";
        String path = "/oauth/" + connectorId + "/client.json";
        documents.put(path, Route.json(chatGptsDocument(connectorId)
                .replace("\"token_endpoint_auth_method\":\"private_key_jwt\"", "\"token_endpoint_auth_method\":\"none\""), "max-age=600"));
        String clientId = documentUrl(connectorId);
        ChatGpt chatGpt = new ChatGpt(keycloak, clientId, null);
        String callbackUrl = CALLBACK.replace("IbUR3zxyNQ16", connectorId);

        for (int connection = 0; connection < 2; connection++) {
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            ChatGpt.Callback callback = chatGpt.signIn(callbackUrl, "state", McpConnector.ALL_SCOPES, Map.of(
                    "code_challenge", McpConnector.challenge(verifier), "code_challenge_method", "S256", "resource", RESOURCE),
                    keycloak.settings().demoUser(), keycloak.settings().demoPassword());
            Response tokens = chatGpt.exchangeCode(callback.code(), callbackUrl, TokenExchangeMethod.PUBLIC_CLIENT,
                    Map.of("code_verifier", verifier, "resource", RESOURCE));
            assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        }
        assertThat(documents.requestsTo(path)).as("fetched once, then cached (max-age=600)").isEqualTo(1);
        Map<String, Object> client = admin.client(clientId);
        assertThat(client.get("publicClient")).isEqualTo(true);
        // ChatGPT's document names its keys with either method; a public client is made without them.
        assertThat(client.get("attributes")).asString().doesNotContain("jwks.url=https");

        // PKCE S256 is required of it: without a challenge, or with plain, no sign-in starts.
        for (Map<String, String> pkce : List.of(Map.of("resource", RESOURCE), Map.of("resource", RESOURCE,
                "code_challenge", "plain-verifier-0123456789-0123456789-0123456789", "code_challenge_method", "plain"))) {
            Response refused = new McpConnector(keycloak, clientId).authorize(callbackUrl, pkce);
            assertThat(refused.statusCode()).as(pkce.toString()).isEqualTo(302);
            assertThat(refused.header("Location")).as(pkce.toString()).startsWith(callbackUrl)
                    .contains("error=invalid_request").containsPattern("code(_|\\+)challenge").doesNotContain("code=");
        }
    }

    @Test
    void anExpiredDocumentIsFetchedAgainAndAHostileUpdateChangesNothing() throws InterruptedException {
        String connectorId = "Updated01";
        String path = MetadataDocumentServer.documentPath(connectorId);
        String clientId = documentUrl(connectorId);
        String callbackUrl = CALLBACK.replace("IbUR3zxyNQ16", connectorId);
        Map<String, String> pkce = Map.of("code_challenge", McpConnector.challenge("v".repeat(43)),
                "code_challenge_method", "S256", "resource", RESOURCE);
        documents.put(path, Route.json(chatGptsDocument(connectorId).replace("\"client_name\":\"ChatGPT\"",
                "\"client_name\":\"ChatGPT one\""), "max-age=0"));
        assertThat(new McpConnector(keycloak, clientId).authorize(callbackUrl, pkce).statusCode()).isEqualTo(200);
        assertThat(admin.client(clientId).get("name")).isEqualTo("ChatGPT one");

        // Expired (max-age=0): the next request fetches it again, and the client follows the document.
        Thread.sleep(1100);
        documents.put(path, Route.json(chatGptsDocument(connectorId), "max-age=0"));
        assertThat(new McpConnector(keycloak, clientId).authorize(callbackUrl, pkce).statusCode()).isEqualTo(200);
        assertThat(documents.requestsTo(path)).isEqualTo(2);
        assertThat(admin.client(clientId).get("name")).isEqualTo("ChatGPT");

        // A hostile update (a callback elsewhere) is refused, and the client stays as it was.
        Thread.sleep(1100);
        documents.put(path, Route.json(chatGptsDocument(connectorId).replace("\"redirect_uris\":[",
                "\"redirect_uris\":[\"https://evil.example/callback\","), "max-age=0"));
        Response refused = new McpConnector(keycloak, clientId).authorize(callbackUrl, pkce);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(refused.asString()).text()).contains("may only name ChatGPT's connector callbacks");
        assertThat(admin.client(clientId).get("redirectUris")).isEqualTo(List.of(callbackUrl));
        @SuppressWarnings("unchecked")
        Map<String, String> attributes = (Map<String, String>) admin.client(clientId).get("attributes");
        assertThat(attributes).containsEntry("actiongate.callbacks", callbackUrl);
    }

    @Test
    void aFailedDocumentIsNotFetchedAgainAtOnce() {
        String path = MetadataDocumentServer.documentPath("Missing01");
        Map<String, String> pkce = Map.of("code_challenge", McpConnector.challenge("v".repeat(43)), "code_challenge_method", "S256");
        for (int attempt = 0; attempt < 3; attempt++) {
            Response refused = new McpConnector(keycloak, documentUrl("Missing01"))
                    .authorize(CALLBACK.replace("IbUR3zxyNQ16", "Missing01"), pkce);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(Jsoup.parse(refused.asString()).text()).contains("answered HTTP 404");
        }
        assertThat(documents.requestsTo(path)).as("fetched once; the refusal is remembered").isEqualTo(1);
    }

    /** A hostile document or URL: how it is served, the client_id and callback the request names, the reason shown. */
    record Hostile(String name, String clientId, String callback, Route route, String routePath, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Hostile> hostileDocuments() {
        String local = "https://localhost:" + documents.port();
        String good = chatGptsDocument("HOSTILE");
        String goodUrl = documentUrl("HOSTILE");
        return Stream.of(
                new Hostile("host not listed", "https://127.0.0.1:" + documents.port() + "/oauth/h1/client.json", CALLBACK,
                        Route.json(good.replace(goodUrl, "https://127.0.0.1:" + documents.port() + "/oauth/h1/client.json"), "max-age=60"),
                        "/oauth/h1/client.json", "is not listed in MCP_CLIENT_METADATA_HOSTS"),
                new Hostile("listed host on another port", "https://localhost:1/oauth/h2/client.json", CALLBACK, null, null,
                        "is not listed in MCP_CLIENT_METADATA_HOSTS"),
                new Hostile("http", "http://localhost:" + documents.port() + "/oauth/h3/client.json", CALLBACK, null, null,
                        "must use https"),
                new Hostile("a redirect to another host", local + "/oauth/h4/client.json", CALLBACK,
                        new Route(302, Map.of("Location", "https://127.0.0.1:" + documents.port() + "/oauth/HOSTILE/client.json"), new byte[0], 0),
                        "/oauth/h4/client.json", "redirects are not followed"),
                new Hostile("a listed name resolving to a private address", "https://rebind.test:" + documents.port() + "/oauth/h5/client.json",
                        CALLBACK, Route.json(good.replace(goodUrl, "https://rebind.test:" + documents.port() + "/oauth/h5/client.json"), "max-age=60"),
                        "/oauth/h5/client.json", "resolves to a private, loopback or link-local address"),
                new Hostile("oversized", local + "/oauth/h6/client.json", CALLBACK,
                        Route.json(good.replace(goodUrl, local + "/oauth/h6/client.json").replace("\"client_name\":\"ChatGPT\"",
                                "\"client_name\":\"ChatGPT\",\"padding\":\"" + "x".repeat(6000) + "\""), "max-age=60"),
                        "/oauth/h6/client.json", "larger than 5000 bytes"),
                new Hostile("slow", local + "/oauth/h7/client.json", CALLBACK,
                        new Route(200, Map.of("Content-Type", "application/json"), good.replace(goodUrl, local + "/oauth/h7/client.json")
                                .getBytes(StandardCharsets.UTF_8), 8000),
                        "/oauth/h7/client.json", "not fetched within 5 s"),
                new Hostile("client_id not the document's URL", local + "/oauth/h8/client.json", CALLBACK,
                        Route.json(good, "max-age=60"), "/oauth/h8/client.json", "client_id property does not exactly match"),
                new Hostile("a document naming a redirect URI that is not a connector callback", local + "/oauth/h9/client.json",
                        CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json(good.replace(goodUrl, local + "/oauth/h9/client.json").replace("\"redirect_uris\":[",
                                "\"redirect_uris\":[\"https://chatgpt.com/aip/g-abc123/oauth/callback\","), "max-age=60"),
                        "/oauth/h9/client.json", "may only name ChatGPT's connector callbacks"),
                new Hostile("a document naming a redirect URI on another host", local + "/oauth/h10/client.json",
                        CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json(good.replace(goodUrl, local + "/oauth/h10/client.json").replace("\"redirect_uris\":[",
                                "\"redirect_uris\":[\"https://evil.example/callback\","), "max-age=60"),
                        "/oauth/h10/client.json", "may only name ChatGPT's connector callbacks"),
                new Hostile("a request for a callback elsewhere, before any fetch", local + "/oauth/h17/client.json",
                        "https://evil.example/callback", Route.json(good.replace(goodUrl, local + "/oauth/h17/client.json")
                                .replace(CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"), "https://evil.example/callback"), "max-age=60"),
                        "/oauth/h17/client.json", "the redirect_uri must be one of ChatGPT's connector callbacks"),
                new Hostile("a request object signing algorithm", local + "/oauth/h19/client.json", CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json(good.replace(goodUrl, local + "/oauth/h19/client.json")
                                .replace("\"client_name\":\"ChatGPT\"", "\"client_name\":\"ChatGPT\",\"request_object_signing_alg\":\"none\""), "max-age=60"),
                        "/oauth/h19/client.json", "the document's request_object_signing_alg is not accepted"),
                new Hostile("client_credentials in grant_types", local + "/oauth/h11/client.json", CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json(good.replace(goodUrl, local + "/oauth/h11/client.json")
                                .replace("\"refresh_token\"]", "\"refresh_token\",\"client_credentials\"]"), "max-age=60"),
                        "/oauth/h11/client.json", "grant_types may only be authorization_code and refresh_token"),
                new Hostile("a shared secret", local + "/oauth/h12/client.json", CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json(good.replace(goodUrl, local + "/oauth/h12/client.json")
                                .replace("\"token_endpoint_auth_method\":\"private_key_jwt\"", "\"token_endpoint_auth_method\":\"client_secret_basic\""), "max-age=60"),
                        "/oauth/h12/client.json", "token_endpoint_auth_method must be none or private_key_jwt"),
                new Hostile("keys on another host", local + "/oauth/h13/client.json", CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json(good.replace(goodUrl, local + "/oauth/h13/client.json")
                                .replace(local + "/oauth/jwks.json", "https://chatgpt.com/oauth/jwks.json"), "max-age=60"),
                        "/oauth/h13/client.json", "jwks_uri on the document's own host"),
                new Hostile("not JSON", local + "/oauth/h14/client.json", CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json("<html>nope</html>", "max-age=60"), "/oauth/h14/client.json", "is not JSON"),
                new Hostile("a field of the wrong type", local + "/oauth/h15/client.json", CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                        Route.json(good.replace(goodUrl, local + "/oauth/h15/client.json").replace("\"grant_types\":[\"authorization_code\",\"refresh_token\"]",
                                "\"grant_types\":{\"a\":1}"), "max-age=60"), "/oauth/h15/client.json", "has the wrong type"),
                new Hostile("no document there", local + "/oauth/h16/client.json", CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"), null, null,
                        "answered HTTP 404"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDocuments")
    void aHostileDocumentIsRefusedWithTheReasonAndNothingIsCreated(Hostile hostile) {
        if (hostile.route() != null) {
            documents.put(hostile.routePath(), hostile.route());
        }
        Response refused = new McpConnector(keycloak, hostile.clientId()).authorize(hostile.callback(), Map.of(
                "code_challenge", McpConnector.challenge("v".repeat(43)), "code_challenge_method", "S256", "resource", RESOURCE));

        assertThat(refused.statusCode()).as(hostile.name()).isEqualTo(400);
        assertThat(Jsoup.parse(refused.asString()).text()).as(hostile.name()).contains("Client metadata document refused", hostile.reason());
        assertThat(refused.header("Location")).as("no redirect anywhere").isNull();
        assertThat(admin.clientUuid(hostile.clientId())).as("no client for " + hostile.name()).isNull();
        if (hostile.name().equals("host not listed") || hostile.name().equals("a listed name resolving to a private address")
                || hostile.name().startsWith("a request for a callback elsewhere")) {
            assertThat(documents.requestsTo(hostile.routePath())).as("nothing fetched").isZero();
        }
    }

    @Test
    void theGoodDocumentBesideTheHostileOnesSignsIn() {
        // The table's positive control: the same document, served at its own URL, starts a sign-in and makes a client.
        documents.put("/oauth/HOSTILE/client.json", Route.json(chatGptsDocument("HOSTILE"), "max-age=60"));
        Response login = new McpConnector(keycloak, documentUrl("HOSTILE")).authorize(CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE"),
                Map.of("code_challenge", McpConnector.challenge("v".repeat(43)), "code_challenge_method", "S256", "resource", RESOURCE));
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        assertThat(Jsoup.parse(login.asString()).getElementById("kc-form-login")).isNotNull();
        assertThat(admin.clientUuid(documentUrl("HOSTILE"))).isNotNull();
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {360, 1280})
    void theConsentPageNamesChatGptAndTheHostItCameFrom(int width) {
        Assumptions.assumeTrue(HeadlessChromium.availableOrFailOnCi());
        String connectorId = "Consent" + width;
        documents.put("/oauth/" + connectorId + "/client.json", Route.json(chatGptsDocument(connectorId), "max-age=600"));
        String host = "localhost:" + documents.port();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", documentUrl(connectorId));
        query.put("redirect_uri", CALLBACK.replace("IbUR3zxyNQ16", connectorId));
        query.put("state", "pages");
        query.put("scope", McpConnector.ALL_SCOPES);
        query.put("code_challenge", McpConnector.challenge("pages-verifier-0123456789-0123456789-0123456789"));
        query.put("code_challenge_method", "S256");
        query.put("resource", RESOURCE);
        ChromeDriver browser = HeadlessChromium.open(width);
        try {
            browser.get(keycloak.authorizationUrl() + "?" + query.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
            browser.findElement(By.id("username")).sendKeys(keycloak.settings().demoUser());
            browser.findElement(By.id("password")).sendKeys(keycloak.settings().demoPassword());
            browser.findElement(By.id("kc-login")).click();

            HeadlessChromium.awaitText(browser, By.id("kc-page-title"), "Allow ChatGPT to use your " + SERVICE + " account?");
            assertThat(browser.findElement(By.id("kc-oauth")).getText()).contains("If you allow it, ChatGPT will be able to:");
            assertThat(browser.findElement(By.id("actiongate-registered-by")).getText())
                    .isEqualTo("ChatGPT is registered by " + host + ": " + SERVICE + " fetched its description from there.");
            assertThat(browser.findElements(By.id("actiongate-self-registered"))).isEmpty();
            HeadlessChromium.screenshot(browser, "consent-connector-cimd-" + width);
        } finally {
            browser.quit();
        }
    }

    private static Map<String, String> tokenParameters(String verifier, String assertion) {
        return Map.of("code_verifier", verifier, "resource", RESOURCE,
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion);
    }

}
