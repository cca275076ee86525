package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** none mode: no authentication, so the manifest's OpenAPI document lists only public operations. */
@QuarkusTest
@TestProfile(NoAuthModeTest.NoAuth.class)
class NoAuthModeTest {

    public static class NoAuth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agenda.plugin.auth-type", "none");
        }
    }

    @Test
    void theManifestHasNoAuthAndTheDocumentOnlyPublicOperations() {
        JsonPath manifest = PluginManifests.valid();
        assertThat(manifest.getMap("auth")).containsExactly(Map.entry("type", "none"));

        JsonPath openapi = given().get("/openapi.json").then().statusCode(200).extract().jsonPath();
        assertThat(openapi.getMap("paths").keySet()).containsExactly("/today");
        assertThat(given().get("/today").then().statusCode(200).extract().jsonPath().getString("date"))
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    }
}
