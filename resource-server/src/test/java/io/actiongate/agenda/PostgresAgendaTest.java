package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.PostgresServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The same API build on PostgreSQL (AGENDA_DB=postgresql): migrations run there and items land there. */
@QuarkusTest
@TestProfile(PostgresAgendaTest.OnPostgres.class)
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
@EnabledIf("io.actiongate.server.testing.PostgresServer#availableOrFailOnCi")
class PostgresAgendaTest {

    static PostgresServer postgres;

    public static class OnPostgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agenda.db", "postgresql");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(PostgresResource.class));
        }
    }

    public static class PostgresResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                postgres = PostgresServer.start("agenda");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.datasource.postgresql.jdbc.url", postgres.jdbcUrl("agenda"),
                    "quarkus.datasource.postgresql.username", PostgresServer.USER);
        }

        @Override
        public void stop() {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void itemsAreStoredInPostgresql() throws Exception {
        String token = Tokens.demoUser();
        long id = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("date", "2027-03-01", "text", "Stored in PostgreSQL")).post("/items")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(token).get("/items/" + id).then().statusCode(200);

        try (var connection = postgres.connect("agenda");
             ResultSet row = connection.createStatement().executeQuery("select item_text from agenda_item where id = " + id)) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("Stored in PostgreSQL");
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
