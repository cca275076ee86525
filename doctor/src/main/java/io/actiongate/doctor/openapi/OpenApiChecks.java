package io.actiongate.doctor.openapi;

import io.actiongate.doctor.report.Check;
import io.actiongate.doctor.report.Report;
import io.actiongate.doctor.web.Domains;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as the GPT editor judges it when it is imported: it parses, it is 3.0 or 3.1, it names one
 * https server on the auth server's root domain, every operation has an operationId, descriptions fit the editor's
 * limits, and its OAuth2 authorization-code scheme names the URLs the GPT is given.
 */
public final class OpenApiChecks {

    /** The GPT editor refuses an operation description (or summary) longer than this. */
    public static final int MAX_OPERATION_DESCRIPTION = 300;
    /** ... and a parameter description longer than this. */
    public static final int MAX_PARAMETER_DESCRIPTION = 700;

    private static final String EDITOR = "the GPT editor refuses the schema when it is imported";
    /** {@code openapi: 3.1.0} or {@code swagger: "2.0"} at the top level, in YAML or JSON. */
    private static final Pattern DECLARED_VERSION = Pattern.compile("^\\s*[{]?\\s*\"?(openapi|swagger)\"?\\s*:\\s*[\"']?([0-9][0-9.]*)", Pattern.MULTILINE);

    private OpenApiChecks() {
    }

    /** The document's operations as method and path, for the API calls that follow. */
    public record Endpoint(String method, String path, boolean secured) {
    }

    /** Checks the document; returns it when it parsed, for the API checks that use its server and operations. */
    public static Optional<OpenAPI> check(Report report, String source, String authorizationUrl, String tokenUrl, boolean actionGate) {
        // The parser does not read versions it does not know (OpenAPI 3.2, Swagger 2.0): name the version, not a parse error.
        Matcher declared = DECLARED_VERSION.matcher(source);
        if (declared.find() && !declared.group(2).matches("3\\.[01]\\..*")) {
            report.add(Check.failed("openapi.version", ("swagger".equals(declared.group(1)) ? "Swagger " : "OpenAPI ") + declared.group(2),
                    EDITOR, "the GPT editor reads OpenAPI 3.0 and 3.1 only", "publish the document as OpenAPI 3.1 (or 3.0)"));
            return Optional.empty();
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(source, null, options);
        OpenAPI api = result.getOpenAPI();
        if (api == null || api.getOpenapi() == null) {
            report.add(Check.failed("openapi.parses", "the OpenAPI document does not parse", EDITOR,
                    Optional.ofNullable(result.getMessages()).filter(messages -> !messages.isEmpty())
                            .map(messages -> "the parser says: " + String.join("; ", messages)).orElse("it is not an OpenAPI document"),
                    "serve a valid OpenAPI 3.0 or 3.1 document (YAML or JSON)"));
            return Optional.empty();
        }
        List<String> messages = Optional.ofNullable(result.getMessages()).orElse(List.of());
        report.add(messages.isEmpty()
                ? Check.passed("openapi.parses", "the OpenAPI " + api.getOpenapi() + " document parses")
                : Check.failed("openapi.parses", "the OpenAPI document has errors", EDITOR,
                        String.join("; ", messages.subList(0, Math.min(5, messages.size()))), "correct the document"));
        report.add(api.getOpenapi().startsWith("3.0.") || api.getOpenapi().startsWith("3.1.")
                ? Check.passed("openapi.version", "OpenAPI " + api.getOpenapi())
                : Check.failed("openapi.version", "OpenAPI " + api.getOpenapi(), EDITOR,
                        "the GPT editor reads OpenAPI 3.0 and 3.1 only", "publish the document as OpenAPI 3.1 (or 3.0)"));
        checkServers(report, api, authorizationUrl, actionGate);
        checkOperations(report, api);
        checkSecurityScheme(report, api, authorizationUrl, tokenUrl, actionGate);
        return Optional.of(api);
    }

    private static void checkServers(Report report, OpenAPI api, String authorizationUrl, boolean actionGate) {
        List<String> servers = api.getServers() == null ? List.of()
                : api.getServers().stream().map(server -> server.getUrl()).filter(Objects::nonNull).toList();
        if (servers.size() != 1) {
            report.add(Check.failed("openapi.servers", servers.size() + " server URLs", EDITOR
                    + " (\"Could not find a valid URL in `servers`\" or it picks the first)",
                    "a GPT Action calls exactly one server", "name exactly one server URL in `servers`"));
            return;
        }
        String server = servers.get(0);
        if (!Domains.https(server)) {
            report.add(Check.failed("openapi.servers", "the server URL " + server + " is not https", EDITOR,
                    "ChatGPT calls public https APIs only", actionGate ? "set PUBLIC_API_URL to the API's public https URL" : "serve the API over https and name that URL"));
            return;
        }
        report.add(Check.passed("openapi.servers", "one https server, " + server));
        Optional<String> apiDomain = Domains.registrable(server);
        Optional<String> authDomain = Domains.registrable(authorizationUrl);
        if (apiDomain.isPresent() && apiDomain.equals(authDomain)) {
            report.add(Check.passed("gpt.same-root-domain", "the API and the auth server share " + apiDomain.get()));
        } else {
            report.add(Check.failed("gpt.same-root-domain", "the API is on " + apiDomain.orElse(server)
                            + ", the auth server on " + authDomain.orElse(authorizationUrl),
                    "the GPT editor's save fails (\"All domains used in an OAuth flow must be the same as the domain used for the primary endpoints\") or sign-in fails",
                    "ChatGPT requires the authorization URL, the token URL and the API to share one root domain",
                    actionGate ? "set PUBLIC_AUTH_URL and PUBLIC_API_URL on one domain (auth.example.com and api.example.com)" : "put both on one domain (auth.example.com and api.example.com)"));
        }
    }

    private static void checkOperations(Report report, OpenAPI api) {
        List<String> missingIds = new ArrayList<>();
        List<String> longDescriptions = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, PathItem> path : Optional.ofNullable(api.getPaths()).map(Map::entrySet).orElse(java.util.Set.of())) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
                operations++;
                Operation operation = entry.getValue();
                String name = entry.getKey() + " " + path.getKey();
                if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
                    missingIds.add(name);
                }
                if (length(operation.getDescription()) > MAX_OPERATION_DESCRIPTION || length(operation.getSummary()) > MAX_OPERATION_DESCRIPTION) {
                    longDescriptions.add(name + " (" + Math.max(length(operation.getDescription()), length(operation.getSummary()))
                            + " characters, at most " + MAX_OPERATION_DESCRIPTION + ")");
                }
                Optional.ofNullable(operation.getParameters()).orElse(List.of()).stream()
                        .filter(parameter -> length(parameter.getDescription()) > MAX_PARAMETER_DESCRIPTION)
                        .forEach(parameter -> longDescriptions.add(name + " parameter " + parameter.getName() + " ("
                                + length(parameter.getDescription()) + " characters, at most " + MAX_PARAMETER_DESCRIPTION + ")"));
            }
        }
        report.add(operations > 0 && missingIds.isEmpty()
                ? Check.passed("openapi.operation-ids", "all " + operations + " operations have an operationId")
                : Check.failed("openapi.operation-ids", operations == 0 ? "no operations" : "operations without an operationId: " + String.join(", ", missingIds),
                        EDITOR + " (\"… is missing an operationId\")", "ChatGPT calls an action by its operationId",
                        "give every operation a unique operationId"));
        report.add(longDescriptions.isEmpty()
                ? Check.passed("openapi.description-lengths", "descriptions within the GPT editor's limits")
                : Check.failed("openapi.description-lengths", "descriptions too long: " + String.join(", ", longDescriptions),
                        EDITOR + " (\"description … exceeds the maximum length\")",
                        "the GPT editor limits an operation's description to " + MAX_OPERATION_DESCRIPTION
                                + " characters and a parameter's to " + MAX_PARAMETER_DESCRIPTION,
                        "shorten them (move detail into the GPT's instructions)"));
    }

    private static void checkSecurityScheme(Report report, OpenAPI api, String authorizationUrl, String tokenUrl, boolean actionGate) {
        Map<String, SecurityScheme> schemes = api.getComponents() == null || api.getComponents().getSecuritySchemes() == null
                ? Map.of() : api.getComponents().getSecuritySchemes();
        Optional<OAuthFlow> flow = schemes.values().stream()
                .filter(scheme -> scheme.getType() == SecurityScheme.Type.OAUTH2 && scheme.getFlows() != null)
                .map(scheme -> scheme.getFlows().getAuthorizationCode()).filter(Objects::nonNull).findFirst();
        if (flow.isEmpty()) {
            report.add(Check.failed("openapi.oauth-scheme", "no OAuth2 authorization-code security scheme",
                    "nothing at import; the builder must type the URLs by hand, and a mistake there shows only as \"Error getting access token\"",
                    "the document does not say how to sign in", "add an oauth2 securityScheme with an authorizationCode flow naming the authorization and token URLs"));
            return;
        }
        boolean urlsMatch = authorizationUrl.equals(flow.get().getAuthorizationUrl()) && tokenUrl.equals(flow.get().getTokenUrl());
        report.add(urlsMatch
                ? Check.passed("openapi.oauth-scheme", "its OAuth2 scheme names the discovered authorization and token URLs")
                : Check.failed("openapi.oauth-scheme", "its OAuth2 scheme names " + flow.get().getAuthorizationUrl() + " and "
                                + flow.get().getTokenUrl() + ", discovery " + authorizationUrl + " and " + tokenUrl,
                        "\"Error getting access token\" when the builder copies the document's URLs",
                        "the document and the auth server disagree", actionGate ? "set the API's PUBLIC_AUTH_URL to Keycloak's public URL; the document takes its URLs from it" : "make the scheme's URLs the discovery document's"));
    }

    /** The document's GET operations without path parameters: the calls the API check can make. */
    public static List<Endpoint> simpleGets(OpenAPI api) {
        List<Endpoint> endpoints = new ArrayList<>();
        Optional.ofNullable(api.getPaths()).ifPresent(paths -> paths.forEach((path, item) -> {
            if (item.getGet() != null && !path.contains("{")) {
                boolean secured = (item.getGet().getSecurity() != null && !item.getGet().getSecurity().isEmpty())
                        || (item.getGet().getSecurity() == null && api.getSecurity() != null && !api.getSecurity().isEmpty());
                endpoints.add(new Endpoint("GET", path, secured));
            }
        }));
        return endpoints;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
