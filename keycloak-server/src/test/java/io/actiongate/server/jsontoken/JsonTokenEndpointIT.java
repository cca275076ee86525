package io.actiongate.server.jsontoken;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.ServerExtension;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.Callback;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakUnderTest;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The plugin-era token endpoint (/realms/gpt/chatgpt/token): JSON or form bodies, Keycloak's answers. */
@ExtendWith(ServerExtension.class)
class JsonTokenEndpointIT {

    private final KeycloakUnderTest keycloak;
    private final ChatGpt chatGpt;
    private final String endpoint;

    JsonTokenEndpointIT(KeycloakUnderTest keycloak, ChatGpt chatGpt) {
        this.keycloak = keycloak;
        this.chatGpt = chatGpt;
        this.endpoint = keycloak.realmUrl() + "/chatgpt/token";
    }

    private Response json(String body) {
        return given().contentType("application/json").body(body).post(endpoint);
    }

    private static String jsonGrant(String... fields) {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < fields.length; i += 2) {
            body.append(i == 0 ? "" : ",").append('"').append(fields[i]).append("\":\"").append(fields[i + 1]).append('"');
        }
        return body.append('}').toString();
    }

    @Test
    void thePluginFlowWithJsonAndFormBodies() {
        Callback first = chatGpt.signIn(TestCallbacks.APPROVED_PLUGIN, "plugin-json", "openid offline_access");
        Response exchanged = json(jsonGrant("grant_type", "authorization_code", "client_id", keycloak.settings().clientId(),
                "client_secret", keycloak.settings().clientSecret(), "code", first.code(), "redirect_uri", TestCallbacks.APPROVED_PLUGIN));
        assertThat(exchanged.statusCode()).as(exchanged.asString()).isEqualTo(200);
        assertThat(exchanged.jsonPath().getMap("").keySet())
                .containsExactlyInAnyOrder("access_token", "token_type", "expires_in", "refresh_token", "scope", "id_token");
        assertThat(exchanged.jsonPath().getString("token_type")).isEqualTo("bearer");
        assertThat(exchanged.header("Cache-Control")).contains("no-store");

        Response refreshed = json(jsonGrant("grant_type", "refresh_token", "client_id", keycloak.settings().clientId(),
                "client_secret", keycloak.settings().clientSecret(), "refresh_token", exchanged.jsonPath().getString("refresh_token")));
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        assertThat(refreshed.jsonPath().getString("token_type")).isEqualTo("bearer");

        Callback second = chatGpt.signIn(TestCallbacks.APPROVED_PLUGIN, "plugin-form", "openid offline_access");
        Response viaForm = given().formParams(Map.of("grant_type", "authorization_code", "code", second.code(),
                        "redirect_uri", TestCallbacks.APPROVED_PLUGIN))
                .auth().preemptive().basic(keycloak.settings().clientId(), keycloak.settings().clientSecret())
                .post(endpoint);
        assertThat(viaForm.statusCode()).as(viaForm.asString()).isEqualTo(200);
        assertThat(viaForm.jsonPath().getString("refresh_token")).isNotBlank();
    }

    @Test
    void errorsAreTheStandardEndpointsErrors() {
        Map<String, String> grant = Map.of("grant_type", "authorization_code", "client_id", keycloak.settings().clientId(),
                "client_secret", keycloak.settings().clientSecret(), "code", "not-a-code", "redirect_uri", TestCallbacks.APPROVED);
        Response standard = given().formParams(grant).post(keycloak.tokenUrl());
        Response viaJson = json(jsonGrant("grant_type", "authorization_code", "client_id", keycloak.settings().clientId(),
                "client_secret", keycloak.settings().clientSecret(), "code", "not-a-code", "redirect_uri", TestCallbacks.APPROVED));

        assertThat(viaJson.statusCode()).isEqualTo(standard.statusCode()).isEqualTo(400);
        assertThat(viaJson.jsonPath().getMap("")).isEqualTo(standard.jsonPath().getMap(""));

        Response wrongSecret = json(jsonGrant("grant_type", "refresh_token", "client_id", keycloak.settings().clientId(),
                "client_secret", "wrong", "refresh_token", "x"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.jsonPath().getString("error")).isEqualTo("unauthorized_client");
    }

    @Test
    void aCodeIssuedForOneCallbackCannotBeRedeemedForAnother() {
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED_PLUGIN, "swap", "openid");

        Response exchanged = json(jsonGrant("grant_type", "authorization_code", "client_id", keycloak.settings().clientId(),
                "client_secret", keycloak.settings().clientSecret(), "code", callback.code(),
                "redirect_uri", "https://chat.openai.com/aip/plugin-other/oauth/callback"));

        assertThat(exchanged.statusCode()).isEqualTo(400);
        assertThat(exchanged.jsonPath().getString("error")).isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"grant_type\": \"authorization_code\", ",
            "[\"grant_type\", \"authorization_code\"]",
            "\"authorization_code\"",
            "{\"grant_type\": \"authorization_code\", \"code\": 42}",
            "{\"grant_type\": \"authorization_code\", \"code\": null}",
            "{\"grant_type\": \"authorization_code\", \"code\": {\"a\": \"b\"}}",
            "{\"grant_type\": \"authorization_code\", \"code\": \"a\", \"code\": \"b\"}",
            "{\"grant_type\": \"authorization_code\"} trailing",
            "",
            "{}",
            "{\"code\": \"abc\"}",
    })
    void badJsonBodiesAreOAuthErrors(String body) {
        Response response = json(body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.jsonPath().getString("error")).as(body).isEqualTo("invalid_request");
        assertThat(response.jsonPath().getString("error_description")).as(body).isNotBlank();
    }

    /**
     * Bad percent-encoding is a client's mistake: 400 invalid_request, here and at Keycloak's own form endpoints
     * (stock Keycloak answers 500 and logs a stack trace; see formencoding.MalformedFormBodyMapper).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/chatgpt/token                    | a=%zz",
            "/chatgpt/token                    | grant_type=authorization_code&code=%",
            "/chatgpt/token                    | grant_type=%E0%A4%A",
            "/chatgpt/token                    | %=x",
            "/protocol/openid-connect/token    | a=%zz",
            "/protocol/openid-connect/token    | grant_type=refresh_token&refresh_token=%G1",
            "/protocol/openid-connect/ext/par/request | client_id=agenda-gpt&redirect_uri=%",
            "/protocol/openid-connect/revoke   | token=%zz",
    })
    void badlyEncodedFormBodiesAreOAuthErrors(String path, String body) {
        Response response = given().contentType("application/x-www-form-urlencoded").body(body).post(keycloak.realmUrl() + path);

        assertThat(response.statusCode()).as(path + " " + body).isEqualTo(400);
        assertThat(response.jsonPath().getString("error")).as(body).isEqualTo("invalid_request");
        assertThat(response.jsonPath().getString("error_description")).as(body).contains("percent-encoding");
        // Positive control: a well-formed body reaches the endpoint's own handling, and its own error.
        Response wellFormed = given().contentType("application/x-www-form-urlencoded")
                .body(body.replaceAll("%[^&=]*", "x")).post(keycloak.realmUrl() + path);
        assertThat(wellFormed.statusCode()).as(path).isBetween(200, 499);
        assertThat(wellFormed.asString()).as(path).doesNotContain("percent-encoding");
    }

    @Test
    void duplicateFieldsAreNamed() {
        Response response = json("{\"grant_type\": \"refresh_token\", \"grant_type\": \"authorization_code\"}");

        assertThat(response.jsonPath().getString("error_description")).contains("Duplicate field 'grant_type'");
    }

    @Test
    void otherGrantsContentTypesAndOversizedBodiesAreRefused() {
        Response password = json(jsonGrant("grant_type", "password", "username", "demo", "password", "x"));
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(password.jsonPath().getString("error")).isEqualTo("unsupported_grant_type");

        Response text = given().contentType("text/plain").body("grant_type=authorization_code").post(endpoint);
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.jsonPath().getString("error")).isEqualTo("invalid_request");
        assertThat(text.jsonPath().getString("error_description")).contains("application/json");

        Response huge = json("{\"grant_type\": \"authorization_code\", \"code\": \"" + "x".repeat(20_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.jsonPath().getString("error")).isEqualTo("invalid_request");
    }

    @Test
    void anExchangeWithTheStandardFormEndpointStillWorks() {
        Callback callback = chatGpt.signIn(TestCallbacks.APPROVED_PLUGIN, "standard", "openid offline_access");

        chatGpt.exchangeCode(callback.code(), TestCallbacks.APPROVED_PLUGIN, TokenExchangeMethod.POST_BODY).then().statusCode(200);
    }
}
