package io.actiongate.agenda.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.actiongate.agenda.PublicUrls;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * RFC 9728 protected-resource metadata of the MCP server, at the path-inserted URL its challenge names and at the
 * root, where ChatGPT also looks. Written here rather than with quarkus-oidc's {@code resource-metadata} support
 * (Quarkus 3.34), which has no {@code bearer_methods_supported} or {@code resource_name}, builds its URLs from the
 * request's Host instead of {@code PUBLIC_API_URL}, and puts no {@code scope} in its challenge.
 */
@Path(PublicUrls.RESOURCE_METADATA_PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ProtectedResourceMetadataResource {

    public record Metadata(String resource,
                           @JsonProperty("authorization_servers") List<String> authorizationServers,
                           @JsonProperty("scopes_supported") List<String> scopesSupported,
                           @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported,
                           @JsonProperty("resource_name") String resourceName) {
    }

    @Inject
    PublicUrls urls;

    @ConfigProperty(name = "agenda.service-name")
    String serviceName;

    @GET
    @Operation(hidden = true)
    public Response root() {
        return metadata();
    }

    @GET
    @Path(PublicUrls.MCP_PATH)
    @Operation(hidden = true)
    public Response mcp() {
        return metadata();
    }

    private Response metadata() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(new Metadata(urls.mcpResource(), List.of(urls.realm()), McpScopes.ALL, List.of("header"), serviceName))
                .cacheControl(cache).build();
    }
}
