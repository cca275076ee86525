package io.actiongate.server.connectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.GptClientsPage;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.HeadlessChromium;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.MetadataDocumentServer;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.MetadataDocumentServer.Route;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.MetadataDocumentServer.SigningKey;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.ServerExtension;
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
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
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

    private static final SigningKey CHATGPTS_KEY = SigningKey.generate();
    private static final MetadataDocumentServer documents = MetadataDocumentServer.start();

    @RegisterExtension
    static final ServerExtension server = ServerExtension.own(() -> {
        documents.put(MetadataDocumentServer.JWKS_PATH, Route.json(CHATGPTS_KEY.jwks(), "max-age=600"));
        return StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES), Map.of(
                "PUBLIC_API_URL", StagedKeycloak.TEST_API_URL,
                "MCP_CLIENT_METADATA_HOSTS", "localhost:" + documents.port() + ",rebind.test:" + documents.port(),
                "KC_TRUSTSTORE_PATHS", documents.certificatePem().toString(),
                "JAVA_OPTS_APPEND", "-Djdk.net.hosts.file=" + hostsFile(),
                // No floor under a document's max-age, so a test can make its cached copy expire.
                "KC_SPI_CLIENT_POLICY_EXECUTOR__CHATGPT_CLIENT_METADATA_DOCUMENT__MIN_CACHE_TIME", "0"));
    });

    private final StagedKeycloak keycloak;
    private final KeycloakAdmin admin;

    ClientMetadataDocumentIT(StagedKeycloak keycloak, KeycloakAdmin admin) {
        this.keycloak = keycloak;
        this.admin = admin;
    }

    /** {@code rebind.test}, a listed name, resolves to loopback, as a rebinding attacker would make it. */
    private static Path hostsFile() {
        try {
            Path hosts = Files.createTempFile("actiongate-hosts-", ".txt");
            Files.writeString(hosts, "127.0.0.1 localhost\n::1 localhost\n127.0.0.1 rebind.test\n");
            return hosts;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
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

        ClientRepresentation client = admin.client(clientId);
        assertThat(client.isPublicClient()).isFalse();
        assertThat(client.getClientAuthenticatorType()).isEqualTo("client-jwt");
        assertThat(client.getRedirectUris()).isEqualTo(List.of(CALLBACK));
        Map<String, String> attributes = client.getAttributes();
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
        ClientRepresentation client = admin.client(clientId);
        assertThat(client.isPublicClient()).isTrue();
        // ChatGPT's document names its keys with either method; a public client is made without them.
        assertThat(client.getAttributes().getOrDefault("jwks.url", "")).doesNotStartWith("https");

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
        assertThat(admin.client(clientId).getName()).isEqualTo("ChatGPT one");

        // Expired (max-age=0): the next request fetches it again, and the client follows the document. (How often
        // exactly depends on the clock: the cache counts whole seconds, and a sign-in may make two requests.)
        int fetchedBefore = documents.requestsTo(path);
        Thread.sleep(1100);
        documents.put(path, Route.json(chatGptsDocument(connectorId), "max-age=0"));
        assertThat(new McpConnector(keycloak, clientId).authorize(callbackUrl, pkce).statusCode()).isEqualTo(200);
        assertThat(documents.requestsTo(path)).isGreaterThan(fetchedBefore);
        assertThat(admin.client(clientId).getName()).isEqualTo("ChatGPT");

        // A hostile update (a callback elsewhere) is refused, and the client stays as it was.
        Thread.sleep(1100);
        documents.put(path, Route.json(chatGptsDocument(connectorId).replace("\"redirect_uris\":[",
                "\"redirect_uris\":[\"https://evil.example/callback\","), "max-age=0"));
        Response refused = new McpConnector(keycloak, clientId).authorize(callbackUrl, pkce);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(refused.asString()).text()).contains("may only name ChatGPT's connector callbacks");
        assertThat(admin.client(clientId).getRedirectUris()).isEqualTo(List.of(callbackUrl));
        Map<String, String> attributes = admin.client(clientId).getAttributes();
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

    /**
     * A hostile document or URL: the client_id and callback the request names, what the server answers there (none:
     * 404), the reason the error page must give, and whether the refusal must come before any fetch.
     */
    record Hostile(String name, String clientId, String callback, Route route, String reason, boolean nothingFetched) {
        String path() {
            return java.net.URI.create(clientId).getPath();
        }

        Hostile beforeAnyFetch() {
            return new Hostile(name, clientId, callback, route, reason, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String HOSTILE_CALLBACK = CALLBACK.replace("IbUR3zxyNQ16", "HOSTILE");

    /** ChatGPT's document, its client_id the URL it is served at ({@code origin} + the path of {@code id}), then changed. */
    private static Hostile served(String name, String origin, String id, UnaryOperator<String> change, String reason) {
        String url = origin + MetadataDocumentServer.documentPath(id);
        String document = change.apply(chatGptsDocument("HOSTILE").replace(documentUrl("HOSTILE"), url));
        return new Hostile(name, url, HOSTILE_CALLBACK, Route.json(document, "max-age=60"), reason, false);
    }

    private static Hostile answered(String name, String id, Route route, String reason) {
        return new Hostile(name, documentUrl(id), HOSTILE_CALLBACK, route, reason, false);
    }

    static Stream<Hostile> hostileDocuments() {
        String local = documents.origin("localhost");
        String loopbackIp = documents.origin("127.0.0.1");
        UnaryOperator<String> asPublished = UnaryOperator.identity();
        return Stream.of(
                served("host not listed", loopbackIp, "h1", asPublished, "is not listed in MCP_CLIENT_METADATA_HOSTS").beforeAnyFetch(),
                new Hostile("listed host on another port", "https://localhost:1/oauth/h2/client.json", HOSTILE_CALLBACK, null,
                        "is not listed in MCP_CLIENT_METADATA_HOSTS", true),
                new Hostile("http", "http://localhost:" + documents.port() + "/oauth/h3/client.json", HOSTILE_CALLBACK, null,
                        "must use https", true),
                answered("a redirect to another host", "h4", new Route(302, Map.of("Location", loopbackIp
                        + MetadataDocumentServer.documentPath("HOSTILE")), new byte[0], 0), "redirects are not followed"),
                served("a listed name resolving to a private address", documents.origin("rebind.test"), "h5", asPublished,
                        "resolves to a private, loopback or link-local address").beforeAnyFetch(),
                served("oversized", local, "h6", document -> document.replace("\"client_name\":\"ChatGPT\"",
                        "\"client_name\":\"ChatGPT\",\"padding\":\"" + "x".repeat(6000) + "\""), "larger than 5000 bytes"),
                answered("slow", "h7", new Route(200, Map.of("Content-Type", "application/json"), chatGptsDocument("HOSTILE")
                        .replace(documentUrl("HOSTILE"), documentUrl("h7")).getBytes(StandardCharsets.UTF_8), 8000), "not fetched within 5 s"),
                answered("client_id not the document's URL", "h8", Route.json(chatGptsDocument("HOSTILE"), "max-age=60"),
                        "client_id property does not exactly match"),
                served("a document naming a redirect URI that is not a connector callback", local, "h9", document -> document.replace(
                        "\"redirect_uris\":[", "\"redirect_uris\":[\"https://chatgpt.com/aip/g-abc123/oauth/callback\","),
                        "may only name ChatGPT's connector callbacks"),
                served("a document naming a redirect URI on another host", local, "h10", document -> document.replace(
                        "\"redirect_uris\":[", "\"redirect_uris\":[\"https://evil.example/callback\","),
                        "may only name ChatGPT's connector callbacks"),
                new Hostile("a request for a callback elsewhere", documentUrl("h17"), "https://evil.example/callback",
                        Route.json(chatGptsDocument("HOSTILE").replace(documentUrl("HOSTILE"), documentUrl("h17"))
                                .replace(HOSTILE_CALLBACK, "https://evil.example/callback"), "max-age=60"),
                        "the redirect_uri must be one of ChatGPT's connector callbacks", true),
                served("a request object signing algorithm", local, "h19", document -> document.replace("\"client_name\":\"ChatGPT\"",
                        "\"client_name\":\"ChatGPT\",\"request_object_signing_alg\":\"none\""),
                        "the document's request_object_signing_alg is not accepted"),
                served("client_credentials in grant_types", local, "h11", document -> document.replace("\"refresh_token\"]",
                        "\"refresh_token\",\"client_credentials\"]"), "grant_types may only be authorization_code and refresh_token"),
                served("a shared secret", local, "h12", document -> document.replace("\"token_endpoint_auth_method\":\"private_key_jwt\"",
                        "\"token_endpoint_auth_method\":\"client_secret_basic\""), "token_endpoint_auth_method must be none or private_key_jwt"),
                served("keys on another host", local, "h13", document -> document.replace(local + MetadataDocumentServer.JWKS_PATH,
                        "https://chatgpt.com/oauth/jwks.json"), "jwks_uri on the document's own host"),
                answered("not JSON", "h14", Route.json("<html>nope</html>", "max-age=60"), "is not JSON"),
                served("a field of the wrong type", local, "h15", document -> document.replace(
                        "\"grant_types\":[\"authorization_code\",\"refresh_token\"]", "\"grant_types\":{\"a\":1}"), "has the wrong type"),
                answered("no document there", "h16", null, "answered HTTP 404"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDocuments")
    void aHostileDocumentIsRefusedWithTheReasonAndNothingIsCreated(Hostile hostile) {
        if (hostile.route() != null) {
            documents.put(hostile.path(), hostile.route());
        }
        Response refused = new McpConnector(keycloak, hostile.clientId()).authorize(hostile.callback(), Map.of(
                "code_challenge", McpConnector.challenge("v".repeat(43)), "code_challenge_method", "S256", "resource", RESOURCE));

        assertThat(refused.statusCode()).as(hostile.name()).isEqualTo(400);
        assertThat(Jsoup.parse(refused.asString()).text()).as(hostile.name()).contains("Client metadata document refused", hostile.reason());
        assertThat(refused.header("Location")).as("no redirect anywhere").isNull();
        assertThat(admin.clientUuid(hostile.clientId())).as("no client for " + hostile.name()).isNull();
        if (hostile.nothingFetched()) {
            assertThat(documents.requestsTo(hostile.path())).as("nothing fetched").isZero();
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

    /**
     * A client someone made with a document's URL for its id (by hand, or by a registration before they were limited)
     * would take every sign-in with that URL: refused, nothing fetched; once it is gone the real document is fetched
     * and checked again.
     */
    @Test
    void aDocumentsUrlHeldByAnotherClientIsRefusedUntilItIsGone() {
        String connectorId = "Squatted01";
        String path = "/oauth/" + connectorId + "/client.json";
        String clientId = documentUrl(connectorId);
        String callbackUrl = CALLBACK.replace("IbUR3zxyNQ16", connectorId);
        documents.put(path, Route.json(chatGptsDocument(connectorId), "max-age=600"));
        ClientRepresentation squatter = new ClientRepresentation();
        squatter.setClientId(clientId);
        squatter.setName("Squatter");
        squatter.setPublicClient(true);
        squatter.setRedirectUris(List.of(callbackUrl));
        squatter.setAttributes(Map.of("actiongate.callbacks", callbackUrl)); // as a squatter would have approved itself
        String squatterUuid = admin.createClient(squatter);
        Map<String, String> parameters = Map.of("code_challenge", McpConnector.challenge("v".repeat(43)),
                "code_challenge_method", "S256", "resource", RESOURCE);

        Response refused = new McpConnector(keycloak, clientId).authorize(callbackUrl, parameters);

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(Jsoup.parse(refused.asString()).text()).contains("Client metadata document refused", "not made from its document");
        assertThat(documents.requestsTo(path)).as("nothing fetched").isZero();

        admin.admin().delete(admin.realmAdminUrl() + "/clients/" + squatterUuid).then().statusCode(204);
        Response login = new McpConnector(keycloak, clientId).authorize(callbackUrl, parameters);
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        assertThat(documents.requestsTo(path)).as("the real document, fetched").isEqualTo(1);
        assertThat(admin.client(clientId).getAttributes()).containsEntry("actiongate.connector", "cimd");
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
