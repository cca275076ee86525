package io.actiongate.agenda;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The URLs by which users, ChatGPT and plugin hosts reach the API and its Keycloak realm (documents name these). */
@ApplicationScoped
public class PublicUrls {

    @ConfigProperty(name = "agenda.public-url")
    String api;

    @ConfigProperty(name = "agenda.auth.public-url")
    String auth;

    @ConfigProperty(name = "agenda.auth.realm")
    String realm;

    /** The API's base URL ({@code PUBLIC_API_URL}). */
    public String api() {
        return api;
    }

    public String realm() {
        return auth + "/realms/" + realm;
    }

    public String authorizationEndpoint() {
        return realm() + "/protocol/openid-connect/auth";
    }

    public String tokenEndpoint() {
        return realm() + "/protocol/openid-connect/token";
    }

    /** ActionGate's token endpoint that also reads JSON bodies (plugin hosts). */
    public String jsonTokenEndpoint() {
        return realm() + "/chatgpt/token";
    }
}
