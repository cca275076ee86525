package io.actiongate.agenda.plugin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The ChatGPT plugin manifest's settings ({@code agenda.plugin.*}; environment variables in docs/configuration.md). */
@ConfigMapping(prefix = "agenda.plugin")
public interface PluginConfig {

    /** How a plugin host authenticates: {@code oauth}, {@code service_http} or {@code none}. */
    @WithDefault("oauth")
    AuthType authType();

    @WithDefault("agenda")
    String nameForModel();

    @WithDefault("Agenda")
    String nameForHuman();

    @WithDefault("Manage the user's personal agenda: list, add, change and delete dated items. Call getToday first when "
            + "the user speaks of relative days such as tomorrow.")
    String descriptionForModel();

    @WithDefault("Your personal agenda, in ChatGPT.")
    String descriptionForHuman();

    /** Absolute URL of the logo (application.properties: the API's own /logo.png). */
    String logoUrl();

    @WithDefault("support@example.com")
    String contactEmail();

    /** Absolute URL of the terms (application.properties: the API's own /legal.html). */
    String legalInfoUrl();

    /** The token request's content type a plugin host sends (oauth mode). */
    @WithDefault("application/json")
    String authorizationContentType();

    /** The token the plugin store issued for this plugin (verification_tokens.openai); none until registered. */
    Optional<String> verificationToken();

    enum AuthType {
        oauth, service_http, none
    }
}
