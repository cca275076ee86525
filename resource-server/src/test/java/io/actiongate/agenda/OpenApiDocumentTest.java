package io.actiongate.agenda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.StagedKeycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The document a builder imports into the GPT editor. */
@QuarkusTest
@QuarkusTestResource(value = StagedKeycloakResource.class, restrictToAnnotatedClass = true)
class OpenApiDocumentTest {

    @Test
    void isPublicOpenApi31WithTheDeploymentsUrls() {
        String yaml = given().get("/openapi.yaml").then().statusCode(200).extract().asString();
        assertThat(yaml).startsWith("---\nopenapi: 3.1.").doesNotContain("${");

        JsonPath doc = given().get("/openapi.json").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getString("servers[0].url")).isEqualTo("https://agenda.example.test");
        // The URLs Keycloak's own discovery document names for the realm (PUBLIC_AUTH_URL is its hostname).
        JsonPath discovery = given().get(StagedKeycloak.shared().realmUrl() + "/.well-known/openid-configuration")
                .then().statusCode(200).extract().jsonPath();
        String flow = "components.securitySchemes.'chatgpt-oauth'.flows.authorizationCode";
        assertThat(doc.getString(flow + ".authorizationUrl")).isEqualTo(discovery.getString("authorization_endpoint"));
        assertThat(doc.getString(flow + ".tokenUrl")).isEqualTo(discovery.getString("token_endpoint"));

        List<String> operationIds = List.of(
                doc.getString("paths.'/items'.get.operationId"),
                doc.getString("paths.'/items'.post.operationId"),
                doc.getString("paths.'/items/{id}'.get.operationId"),
                doc.getString("paths.'/items/{id}'.patch.operationId"),
                doc.getString("paths.'/items/{id}'.delete.operationId"));
        assertThat(operationIds).containsExactly("listItems", "createItem", "getItem", "updateItem", "deleteItem");
        assertThat(doc.getString("paths.'/items'.get.description")).contains("Call it");
        assertThat(doc.getList("paths.'/items'.get.security[0].'chatgpt-oauth'", String.class)).contains("openid");
    }

    @Test
    void healthIsPublic() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
