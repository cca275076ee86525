package io.actiongate.agenda.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.actiongate.agenda.PublicUrls;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /.well-known/ai-plugin.json}: the ChatGPT plugin manifest, generated from configuration so it always
 * names this deployment's URLs and the chosen authentication mode.
 */
@Path("/.well-known/ai-plugin.json")
public class PluginManifestResource {

    @Inject
    PluginConfig plugin;

    @Inject
    PublicUrls urls;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Manifest(
            @JsonProperty("schema_version") String schemaVersion,
            @JsonProperty("name_for_model") String nameForModel,
            @JsonProperty("name_for_human") String nameForHuman,
            @JsonProperty("description_for_model") String descriptionForModel,
            @JsonProperty("description_for_human") String descriptionForHuman,
            Auth auth,
            Api api,
            @JsonProperty("logo_url") String logoUrl,
            @JsonProperty("contact_email") String contactEmail,
            @JsonProperty("legal_info_url") String legalInfoUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Auth(
            String type,
            @JsonProperty("authorization_type") String authorizationType,
            @JsonProperty("client_url") String clientUrl,
            @JsonProperty("authorization_url") String authorizationUrl,
            String scope,
            @JsonProperty("authorization_content_type") String authorizationContentType,
            @JsonProperty("verification_tokens") Map<String, String> verificationTokens) {
    }

    public record Api(String type, String url) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Manifest manifest() {
        return new Manifest("v1", plugin.nameForModel(), plugin.nameForHuman(), plugin.descriptionForModel(),
                plugin.descriptionForHuman(), auth(), new Api("openapi", urls.api() + "/openapi.yaml"),
                plugin.logoUrl(), plugin.contactEmail(), plugin.legalInfoUrl());
    }

    private Auth auth() {
        Map<String, String> verification = plugin.verificationToken().map(token -> Map.of("openai", token)).orElse(null);
        return switch (plugin.authType()) {
            case oauth -> new Auth("oauth", null, urls.authorizationEndpoint(),
                    MediaType.APPLICATION_JSON.equals(plugin.authorizationContentType())
                            ? urls.jsonTokenEndpoint()
                            : urls.tokenEndpoint(),
                    "openid offline_access", plugin.authorizationContentType(), verification);
            case service_http -> new Auth("service_http", "bearer", null, null, null, null, verification);
            case none -> new Auth("none", null, null, null, null, null, null);
        };
    }
}
