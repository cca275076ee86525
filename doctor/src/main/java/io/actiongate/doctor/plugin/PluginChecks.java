package io.actiongate.doctor.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.actiongate.doctor.report.Check;
import io.actiongate.doctor.report.Report;
import io.actiongate.doctor.web.ActionGateProbe;
import io.actiongate.doctor.web.Domains;
import io.actiongate.doctor.web.Web;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The plugin-era manifest ({@code /.well-known/ai-plugin.json} on the API's host) as a plugin host reads it, in
 * whichever of its modes it declares: {@code none}, {@code service_http} (a service token ChatGPT sends), or
 * {@code oauth} (ChatGPT signs the user in); {@code user_http} is recognised too.
 */
public final class PluginChecks {

    private static final Set<String> CONTENT_TYPES = Set.of("application/json", "application/x-www-form-urlencoded");
    private static final String HOST_SHOWS = "the plugin host refuses to install the plugin (\"Error fetching manifest\")";

    private final Report report;
    private final Web web = new Web();
    private boolean actionGate;

    public PluginChecks(Report report) {
        this.report = report;
    }

    public void run(String api) {
        String manifestUrl = Domains.origin(api) + "/.well-known/ai-plugin.json";
        Optional<JsonNode> manifest;
        try {
            Web.Answer answer = web.get(manifestUrl);
            manifest = answer.status() == 200 ? answer.json() : Optional.empty();
            if (manifest.isEmpty()) {
                report.add(Check.failed("plugin.manifest", "no manifest at " + manifestUrl + " (HTTP " + answer.status() + ")", HOST_SHOWS,
                        "plugin hosts read the manifest at this exact place", "serve ai-plugin.json at /.well-known/ on the API's host"));
                return;
            }
        } catch (Web.Unreachable e) {
            report.add(Check.failed("plugin.manifest", "no answer from " + manifestUrl + ": " + e.getMessage(), HOST_SHOWS,
                    "the host is not reachable", "check the URL and its certificate"));
            return;
        }
        JsonNode document = manifest.get();
        actionGate = ActionGateProbe.isActionGate(web, issuerOf(document.path("auth").path("authorization_url").asText("")));
        List<String> missing = List.of("schema_version", "name_for_human", "name_for_model", "description_for_model", "auth", "api")
                .stream().filter(field -> !document.hasNonNull(field)).toList();
        report.add(missing.isEmpty() ? Check.passed("plugin.manifest", "the manifest at " + manifestUrl + " has every required field")
                : Check.failed("plugin.manifest", "the manifest lacks " + missing, HOST_SHOWS, "these fields are required", "add them"));
        String apiUrl = document.path("api").path("url").asText("");
        report.add(Domains.https(apiUrl) && Domains.registrable(apiUrl).equals(Domains.registrable(api))
                ? Check.passed("plugin.api-url", "api.url is on the API's domain: " + apiUrl)
                : Check.failed("plugin.api-url", "api.url is " + apiUrl, HOST_SHOWS, "the OpenAPI URL must be https on the plugin's domain",
                        actionGate ? "set PUBLIC_API_URL to the public https URL" : "name the OpenAPI document's https URL on the API's domain"));
        String type = document.path("auth").path("type").asText("");
        JsonNode auth = document.path("auth");
        switch (type) {
            case "none", "user_http" -> report.add(Check.passed("plugin.auth", "auth type " + type));
            case "service_http" -> report.add("bearer".equals(auth.path("authorization_type").asText())
                    && auth.path("verification_tokens").hasNonNull("openai")
                    ? Check.passed("plugin.auth", "auth type service_http with a bearer verification token")
                    : Check.failed("plugin.auth", "service_http without authorization_type bearer or verification_tokens.openai", HOST_SHOWS,
                            "the host cannot send the service token", actionGate ? "set PLUGIN_VERIFICATION_TOKEN and SERVICE_TOKENS" : "declare authorization_type bearer and the host's verification_tokens.openai"));
            case "oauth" -> oauth(auth, api);
            default -> report.add(Check.failed("plugin.auth", "auth type \"" + type + "\"", HOST_SHOWS,
                    "the type must be none, service_http, user_http or oauth", actionGate ? "set PLUGIN_AUTH_TYPE to one of them" : "declare one of them"));
        }
    }

    /** The realm an oauth manifest's token URL belongs to ({issuer}/chatgpt/token or Keycloak's own), if any. */
    private static String issuerOf(String tokenUrl) {
        for (String suffix : List.of("/chatgpt/token", "/protocol/openid-connect/token")) {
            if (tokenUrl.endsWith(suffix)) {
                return tokenUrl.substring(0, tokenUrl.length() - suffix.length());
            }
        }
        return null;
    }

    private void oauth(JsonNode auth, String api) {
        String clientUrl = auth.path("client_url").asText("");
        String tokenUrl = auth.path("authorization_url").asText("");
        boolean sameDomain = Domains.https(clientUrl) && Domains.https(tokenUrl)
                && Domains.registrable(clientUrl).isPresent()
                && Domains.registrable(clientUrl).equals(Domains.registrable(api))
                && Domains.registrable(tokenUrl).equals(Domains.registrable(api));
        report.add(sameDomain ? Check.passed("plugin.oauth.urls", "client_url and authorization_url are https on the API's domain")
                : Check.failed("plugin.oauth.urls", "client_url " + clientUrl + ", authorization_url " + tokenUrl,
                        "sign-in fails with \"Something went wrong\"", "both must be https on the API's root domain",
                        actionGate ? "set PUBLIC_AUTH_URL on the API's domain" : "serve the sign-in and token URLs on the API's root domain"));
        String contentType = auth.path("authorization_content_type").asText("");
        report.add(CONTENT_TYPES.contains(contentType)
                ? Check.passed("plugin.oauth.content-type", "authorization_content_type " + contentType)
                : Check.failed("plugin.oauth.content-type", "authorization_content_type \"" + contentType + "\"",
                        "\"Error getting access token\"", "the host sends its token request in this content type",
                        actionGate ? "set PLUGIN_AUTHORIZATION_CONTENT_TYPE to application/json (the default; ActionGate's JSON token endpoint reads it)" : "application/json or application/x-www-form-urlencoded, whichever the token endpoint reads"));
        report.add(auth.path("verification_tokens").hasNonNull("openai")
                ? Check.passed("plugin.oauth.verification-token", "verification_tokens.openai is set")
                : Check.failed("plugin.oauth.verification-token", "no verification_tokens.openai", HOST_SHOWS,
                        "the host pastes its verification token into the manifest after the client secret is given",
                        actionGate ? "set PLUGIN_VERIFICATION_TOKEN" : "put the host's verification token in verification_tokens.openai"));
    }
}
