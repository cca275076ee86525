package io.actiongate.agenda.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Puts the deployment's public URLs into the OpenAPI document at start-up, so the document a builder imports
 * into the GPT editor names this API's server and this Keycloak's authorization and token URLs.
 */
@ApplicationScoped
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class GptOpenApiFilter implements OASFilter {

    public static final String SECURITY_SCHEME = "chatgpt-oauth";

    @ConfigProperty(name = "agenda.public-url")
    String publicUrl;

    @ConfigProperty(name = "agenda.auth.public-url")
    String authPublicUrl;

    @ConfigProperty(name = "agenda.auth.realm")
    String realm;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.servers(List.of(OASFactory.createServer().url(publicUrl).description("The agenda API")));
        String oidc = authPublicUrl + "/realms/" + realm + "/protocol/openid-connect";
        Map<String, String> scopes = new LinkedHashMap<>();
        scopes.put("openid", "Sign the user in");
        scopes.put("offline_access", "Keep access while the user is away, until revoked");
        SecurityScheme scheme = OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("Sign in with the agenda's Keycloak (OAuth 2.0 authorization code).")
                .flows(OASFactory.createOAuthFlows().authorizationCode(OASFactory.createOAuthFlow()
                        .authorizationUrl(oidc + "/auth")
                        .tokenUrl(oidc + "/token")
                        .refreshUrl(oidc + "/token")
                        .scopes(scopes)));
        Components components = openAPI.getComponents() != null ? openAPI.getComponents() : OASFactory.createComponents();
        openAPI.components(components.addSecurityScheme(SECURITY_SCHEME, scheme));
    }
}
