package io.actiongate.agenda;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The URLs by which users, ChatGPT and plugin hosts reach the API and its Keycloak realm (documents name these). */
@ApplicationScoped
public class PublicUrls {

    /** Where the MCP server answers; {@link #mcpResource()} is its RFC 8707 / RFC 9728 resource identifier. */
    public static final String MCP_PATH = "/mcp";
    /** RFC 9728's well-known path; the metadata of the resource at {@code /mcp} is at this path plus {@code /mcp}. */
    public static final String RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

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

    /** The realm's URL, which is also its issuer: Keycloak's hostname is {@code PUBLIC_AUTH_URL}. */
    public String realm() {
        return auth + "/realms/" + realm;
    }

    /** The MCP server's resource identifier: tokens for it carry exactly this audience. */
    public String mcpResource() {
        return api + MCP_PATH;
    }

    /** The URL of the MCP server's protected-resource metadata (RFC 9728 section 3.1, path inserted). */
    public String mcpResourceMetadata() {
        return api + RESOURCE_METADATA_PATH + MCP_PATH;
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
