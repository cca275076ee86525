package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.net.URI;

/** Fetches the plugin manifest and checks what every mode must have. */
final class PluginManifests {

    private PluginManifests() {
    }

    static JsonPath valid() {
        JsonPath manifest = given().get("/.well-known/ai-plugin.json").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        for (String field : new String[] {"schema_version", "name_for_model", "name_for_human", "description_for_model",
                "description_for_human", "auth.type", "api.type", "api.url", "logo_url", "contact_email", "legal_info_url"}) {
            assertThat(manifest.getString(field)).as(field).isNotBlank();
        }
        assertThat(manifest.getString("name_for_model")).matches("[a-zA-Z0-9_]{1,64}");
        assertThat(manifest.getString("api.type")).isEqualTo("openapi");

        JsonPath openapi = given().get("/openapi.json").then().statusCode(200).extract().jsonPath();
        String server = openapi.getString("servers[0].url");
        for (String url : new String[] {"api.url", "logo_url", "legal_info_url"}) {
            URI uri = URI.create(manifest.getString(url));
            assertThat(uri.isAbsolute()).as(url).isTrue();
            assertThat(manifest.getString(url)).as(url + " on the API's server").startsWith(server + "/");
            given().get(uri.getPath()).then().statusCode(200);
        }
        assertThat(manifest.getString("api.url")).isEqualTo(server + "/openapi.yaml");
        return manifest;
    }
}
