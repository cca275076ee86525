package io.actiongate.agenda.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.actiongate.agenda.PublicUrls;
import io.actiongate.agenda.plugin.PluginConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Puts the deployment's public URLs into the OpenAPI document at start-up, so the document a builder imports
 * into the GPT editor names this API's server and this Keycloak's authorization and token URLs; with a plugin
 * manifest mode other than oauth, keeps only the operations that mode can call.
 */
@ApplicationScoped
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class GptOpenApiFilter implements OASFilter {

    public static final String SECURITY_SCHEME = "chatgpt-oauth";
    public static final String SERVICE_TOKEN_SCHEME = "service-token";
    /** Operations on a user's own data carry this tag; the others need no user. */
    public static final String PER_USER_TAG = "Agenda";

    @Inject
    PluginConfig plugin;

    @Inject
    PublicUrls urls;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.servers(List.of(OASFactory.createServer().url(urls.api()).description("The agenda API")));
        Map<String, String> scopes = new LinkedHashMap<>();
        scopes.put("openid", "Sign the user in");
        scopes.put("offline_access", "Keep access while the user is away, until revoked");
        SecurityScheme scheme = OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("Sign in with the agenda's Keycloak (OAuth 2.0 authorization code).")
                .flows(OASFactory.createOAuthFlows().authorizationCode(OASFactory.createOAuthFlow()
                        .authorizationUrl(urls.authorizationEndpoint())
                        .tokenUrl(urls.tokenEndpoint())
                        .refreshUrl(urls.tokenEndpoint())
                        .scopes(scopes)));
        Components components = openAPI.getComponents() != null ? openAPI.getComponents() : OASFactory.createComponents();
        openAPI.components(components);
        switch (plugin.authType()) {
            case oauth -> components.addSecurityScheme(SECURITY_SCHEME, scheme);
            case service_http -> {
                // A plugin host with a service token: only what needs no user, secured by that token.
                keepOperations(openAPI, operation -> !isPerUser(operation));
                components.addSecurityScheme(SERVICE_TOKEN_SCHEME, OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The service token the plugin platform sends on every call."));
                forEachOperation(openAPI, operation -> {
                    if (operation.getSecurity() != null) {
                        operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SERVICE_TOKEN_SCHEME)));
                    }
                });
            }
            case none -> keepOperations(openAPI, operation -> !isPerUser(operation) && operation.getSecurity() == null);
        }
    }

    private static boolean isPerUser(Operation operation) {
        return operation.getTags() != null && operation.getTags().contains(PER_USER_TAG);
    }

    private static void forEachOperation(OpenAPI openAPI, java.util.function.Consumer<Operation> action) {
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(action));
        }
    }

    /** Drops the operations that fail {@code keep}, and the paths left without any. */
    private static void keepOperations(OpenAPI openAPI, java.util.function.Predicate<Operation> keep) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : new LinkedHashMap<>(openAPI.getPaths().getPathItems()).entrySet()) {
            path.getValue().getOperations().forEach((method, operation) -> {
                if (!keep.test(operation)) {
                    path.getValue().setOperation(method, null);
                }
            });
            if (path.getValue().getOperations().isEmpty()) {
                openAPI.getPaths().removePathItem(path.getKey());
            }
        }
    }
}
