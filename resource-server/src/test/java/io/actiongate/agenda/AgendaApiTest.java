package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.actiongate.agenda.items.ItemRepository;
import io.actiongate.server.testing.StagedKeycloak;
import io.quarkus.cache.CacheManager;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agenda API with real tokens from the staged Keycloak, validated through its userinfo endpoint. */
@QuarkusTest
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
class AgendaApiTest {

    @Inject
    CacheManager caches;

    private static String alice;
    private static String bob;

    @BeforeAll
    static void signIn() {
        alice = Tokens.demoUser();
        bob = Tokens.newUser();
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void createListGetUpdateDelete() {
        Response created = as(alice).body(Map.of("date", "2026-12-01", "text", "Buy a present")).post("/items");
        created.then().statusCode(201).body("text", equalTo("Buy a present")).body("done", equalTo(false));
        long id = created.jsonPath().getLong("id");
        assertThat(created.header("Location")).endsWith("/items/" + id);

        as(alice).get(created.header("Location")).then().statusCode(200).body("date", equalTo("2026-12-01"));
        as(alice).get("/items").then().statusCode(200).body("id", hasItem((int) id));

        as(alice).body(Map.of("done", true, "date", "2026-12-02")).patch("/items/" + id)
                .then().statusCode(200).body("done", equalTo(true)).body("date", equalTo("2026-12-02"))
                .body("text", equalTo("Buy a present"));

        as(alice).delete("/items/" + id).then().statusCode(204);
        as(alice).get("/items/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listFiltersByDateRange() {
        for (String date : List.of("2027-01-01", "2027-01-15", "2027-02-01")) {
            as(alice).body(Map.of("date", date, "text", "on " + date)).post("/items").then().statusCode(201);
        }

        List<String> dates = as(alice).queryParam("from", "2027-01-01").queryParam("to", "2027-01-31")
                .get("/items").then().statusCode(200).extract().jsonPath().getList("date", String.class);

        assertThat(dates).containsExactly("2027-01-01", "2027-01-15");
    }

    @Test
    void aUserNeverSeesOrTouchesAnotherUsersItems() {
        long id = as(alice).body(Map.of("date", "2026-12-24", "text", "Alice's secret")).post("/items")
                .then().statusCode(201).extract().jsonPath().getLong("id");

        as(bob).get("/items/" + id).then().statusCode(404);
        as(bob).body(Map.of("text", "mine now")).patch("/items/" + id).then().statusCode(404);
        as(bob).delete("/items/" + id).then().statusCode(404);
        assertThat(as(bob).get("/items").jsonPath().getList("text", String.class)).doesNotContain("Alice's secret");

        as(alice).get("/items/" + id).then().statusCode(200).body("text", equalTo("Alice's secret"));
    }

    @Test
    void invalidInputIsAProblemNamingTheField() {
        problem(as(alice).body(Map.of("date", "2026-12-01", "text", "x".repeat(2001))).post("/items"), "text");
        problem(as(alice).body(Map.of("date", "2026-12-01", "text", "")).post("/items"), "text");
        problem(as(alice).body(Map.of("date", "2026-12-01")).post("/items"), "text");
        problem(as(alice).body(Map.of("date", "tomorrow", "text", "x")).post("/items"), "date");
        problem(as(alice).body(Map.of("date", "2026-12-01", "text", "x", "owner", "bob")).post("/items"), "owner");
        problem(as(alice).queryParam("from", "01/12/2026").get("/items"), "from");

        as(alice).body("{\"date\": \"2026-12-01\", \"text\": ").post("/items")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    private static void problem(Response response, String field) {
        response.then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    @Test
    void missingAndGarbageTokensAre401() {
        given().get("/items").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("garbage").get("/items").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
                .contentType("application/problem+json");
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        as(Tokens.fromTestClient(true, 600)).get("/items").then().statusCode(200);
        // Defence in depth: the right audience from a client that is no GPT client (an admin's, or one a forged
        // mapper gave this audience) is refused too.
        as(Tokens.fromUnmarkedClient("agenda-api")).get("/items").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
        String token = Tokens.fromTestClient(false, 600);

        as(token).get("/items").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void anExpiredTokenIs401() throws InterruptedException {
        String token = Tokens.fromTestClient(true, 1);
        Thread.sleep(2500); // the token's lifespan is one second


        as(token).get("/items").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void aRevokedTokenIs401() {
        String token = Tokens.newUser();
        given().auth().oauth2(token).get(StagedKeycloak.shared().userinfoUrl()).then().statusCode(200);
        // Revoked before the API has seen (and cached) the token; a cached token lives TOKEN_CACHE_TTL longer.
        Tokens.admin().logoutUser(Tokens.admin().userId(io.actiongate.server.testing.Jwt.claims(token)
                .getString("preferred_username")));

        as(token).get("/items").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void theStatsCountIsKeptForItsMaxAgeThenCountedAgain() throws InterruptedException {
        caches.getCache(ItemRepository.COUNT_CACHE).orElseThrow().invalidateAll().await().indefinitely();
        long before = as(alice).get("/stats").then().statusCode(200).extract().jsonPath().getLong("items");
        as(alice).body(Map.of("date", "2026-12-09", "text", "counted later")).post("/items").then().statusCode(201);

        // The test profile's STATS_MAX_AGE is 2 s: within it the same count, after it the new one.
        assertThat(as(alice).get("/stats").jsonPath().getLong("items")).isEqualTo(before);
        Thread.sleep(2500);
        assertThat(as(alice).get("/stats").jsonPath().getLong("items")).isEqualTo(before + 1);
    }
}
