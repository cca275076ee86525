package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.actiongate.server.testing.Jwt;
import io.actiongate.server.testing.McpConnector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * security/VerifiedTokenCache: a token the API has accepted (and cached) is accepted again, and nothing near it is:
 * every hostile row first has the genuine token accepted, then sends its variant. The cache's lifetime is 8 s here,
 * so the revocation window can be watched closing.
 */
@QuarkusTest
@TestProfile(VerifiedTokenCacheTest.ShortLived.class)
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
class VerifiedTokenCacheTest {

    private static final Duration TTL = Duration.ofSeconds(8);
    private static final String LIST_ITEMS = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"listItems\",\"arguments\":{}}}";

    public static class ShortLived implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agenda.token-cache.time-to-live", TTL.toSeconds() + "S");
        }
    }

    private static Response items(String token) {
        return given().auth().oauth2(token).get("/items");
    }

    private static Response mcp(String token) {
        return given().auth().oauth2(token).contentType("application/json").accept("application/json, text/event-stream")
                .body(LIST_ITEMS).post("/mcp");
    }

    private static void invalid(Response response) {
        response.then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    static Stream<Named<UnaryOperator<String>>> alteredTokens() {
        return Stream.of(
                // Not the last character: base64url's last one carries unused bits, so some changes decode the same.
                Named.of("a signature character changed", token -> {
                    int at = token.length() - 10;
                    return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
                }),
                Named.of("the signature cut off", token -> token.substring(0, token.lastIndexOf('.') + 1)),
                Named.of("a character appended", token -> token + "A"),
                Named.of("the payload of another token", token -> {
                    String other = Tokens.fromTestClient(true, 600);
                    String[] mine = token.split("\\.");
                    return mine[0] + "." + other.split("\\.")[1] + "." + mine[2];
                }));
    }

    @ParameterizedTest
    @MethodSource("alteredTokens")
    void aCachedTokenAlteredIsCheckedInFullAndRefused(UnaryOperator<String> alteration) {
        String token = Tokens.viaGptAction(Tokens.newUsername(), Tokens.NEW_USER_PASSWORD);
        items(token).then().statusCode(200);
        items(token).then().statusCode(200);

        invalid(items(alteration.apply(token)));
        items(token).then().statusCode(200);
    }

    @Test
    void aGptTokenAcceptedByTheRestApiIsStillRefusedByTheMcpServer() {
        String token = Tokens.viaGptAction(Tokens.newUsername(), Tokens.NEW_USER_PASSWORD);
        items(token).then().statusCode(200);

        mcp(token).then().statusCode(401);
        items(token).then().statusCode(200);
    }

    @Test
    void aConnectorTokenAcceptedByTheMcpServerIsStillRefusedByTheRestApi() {
        String token = Tokens.viaMcpConnector(Tokens.newUsername(), Tokens.NEW_USER_PASSWORD, McpConnector.ALL_SCOPES);
        mcp(token).then().statusCode(200);

        invalid(items(token));
        mcp(token).then().statusCode(200);
    }

    @Test
    void aCachedTokenStopsAtItsExpiryEvenWhileTheCacheWouldKeepIt() throws InterruptedException {
        String token = Tokens.fromTestClient(true, 2);
        items(token).then().statusCode(200);

        Thread.sleep(Jwt.claims(token).getLong("exp") * 1000 - System.currentTimeMillis() + 500);
        invalid(items(token)); // well within the cache's 8 s
    }

    @Test
    void aRevokedTokenStopsWhenItsEntryIsTtlOld() throws InterruptedException {
        String token = Tokens.newUser();
        items(token).then().statusCode(200);
        long cachedAt = System.currentTimeMillis();
        Tokens.admin().logoutUser(Tokens.admin().userId(Jwt.claims(token).getString("preferred_username")));

        // The documented window: the session is gone, the cached identity answers until TOKEN_CACHE_TTL.
        items(token).then().statusCode(200);
        Thread.sleep(Math.max(0, cachedAt + TTL.toMillis() + 500 - System.currentTimeMillis()));
        invalid(items(token));
    }
}
