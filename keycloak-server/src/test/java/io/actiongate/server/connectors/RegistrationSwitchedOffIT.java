package io.actiongate.server.connectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.McpConnector;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code MCP_REGISTRATION=off}: no discovery document advertises the registration endpoint or client ID metadata
 * documents, the endpoint refuses every anonymous registration with a reason, and a document URL as client_id is
 * refused with the reason. The shared server ({@code cimd,dcr}) is the positive control.
 */
class RegistrationSwitchedOffIT {

    @RegisterExtension
    static final ServerExtension server = ServerExtension.own(Map.of("MCP_REGISTRATION", "off"));

    private final KeycloakUnderTest off;

    RegistrationSwitchedOffIT(KeycloakUnderTest off) {
        this.off = off;
    }

    private static List<String> discoveryUrls(KeycloakUnderTest keycloak) {
        String realmPath = "/realms/" + KeycloakUnderTest.REALM;
        return List.of(keycloak.realmUrl() + "/.well-known/openid-configuration",
                keycloak.baseUrl() + "/.well-known/openid-configuration" + realmPath,
                keycloak.baseUrl() + "/.well-known/oauth-authorization-server" + realmPath);
    }

    @Test
    void discoveryAdvertisesRegistrationOnlyWhenItIsOpen() {
        for (String url : discoveryUrls(off)) {
            Response document = given().get(url);
            assertThat(document.statusCode()).as(url).isEqualTo(200);
            assertThat(document.jsonPath().getString("token_endpoint")).as(url).isNotBlank();
            assertThat(document.jsonPath().getString("registration_endpoint")).as(url).isNull();
            assertThat(document.jsonPath().getString("client_id_metadata_document_supported")).as(url).isNull();
        }
        for (String url : discoveryUrls(StagedKeycloak.shared())) {
            Response document = given().get(url);
            assertThat(document.jsonPath().getString("registration_endpoint")).as(url)
                    .endsWith("/clients-registrations/openid-connect");
            assertThat(document.jsonPath().getBoolean("client_id_metadata_document_supported")).as(url).isTrue();
        }
    }

    @Test
    void aMetadataDocumentUrlIsRefusedWithTheReason() {
        Response refused = new McpConnector(off, "https://chatgpt.com/oauth/client.json").authorize(Map.of(
                "code_challenge", McpConnector.challenge("v".repeat(43)), "code_challenge_method", "S256"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.asString()).contains("client ID metadata documents are switched off on this server (MCP_REGISTRATION)");
    }

    @Test
    void anonymousRegistrationIsRefusedWithTheReason() {
        Response refused = given().contentType("application/json")
                .body(Map.of("client_name", "ChatGPT", "redirect_uris", List.of(McpConnector.STABLE_CALLBACK),
                        "token_endpoint_auth_method", "none"))
                .post(off.realmUrl() + "/clients-registrations/openid-connect");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("access_denied");
        assertThat(refused.jsonPath().getString("error_description")).contains("MCP_REGISTRATION");
    }
}
