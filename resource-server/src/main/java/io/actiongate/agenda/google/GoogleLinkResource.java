package io.actiongate.agenda.google;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actiongate.agenda.openapi.GptOpenApiFilter;
import io.actiongate.agenda.problem.Problem;
import io.actiongate.agenda.CallerRoles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * An example of acting for the user at Google: Keycloak signed the user in with Google and kept Google's tokens;
 * the API asks Keycloak for them with a token of its own for the user (token exchange with its client
 * {@code agenda-api}), never with ChatGPT's token, which cannot read them. This operation only reports the link.
 */
@Path("/me/google")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = GptOpenApiFilter.PER_USER_TAG)
@SecurityRequirement(name = GptOpenApiFilter.SECURITY_SCHEME, scopes = {"openid", "offline_access"})
public class GoogleLinkResource {

    private static final Logger LOG = Logger.getLogger(GoogleLinkResource.class);

    @Inject
    JsonWebToken token;

    @Inject
    SecurityIdentity identity;

    @Inject
    @RestClient
    BrokerTokenClient broker;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "agenda.auth.realm")
    String realm;

    @ConfigProperty(name = "agenda.google.identity-provider")
    String provider;

    @ConfigProperty(name = "agenda.api-client.id")
    String apiClientId;

    @ConfigProperty(name = "agenda.api-client.secret")
    Optional<String> apiClientSecret;

    @GET
    @Operation(operationId = "getGoogleLink", summary = "Whether the user's Google account is linked",
            description = "Tells whether the user signed in with Google, which Google scopes were granted and until "
                    + "when the current Google access is valid. Call it before an action that needs the user's Google "
                    + "data; a 409 means the user must sign in with Google first.")
    @APIResponse(responseCode = "200", description = "The user's Google link.")
    @APIResponse(responseCode = "409", description = "The user has no Google link.")
    public GoogleLink getGoogleLink() {
        if (identity.hasRole(CallerRoles.PLATFORM)) {
            throw Problem.forbidden("A Google link belongs to a user: sign the user in (OAuth).");
        }
        String stored;
        try {
            String readToken = readToken();
            stored = broker.storedToken(realm, provider, "Bearer " + readToken);
        } catch (Problem problem) {
            throw problem;
        } catch (WebApplicationException e) {
            throw problemFor(e.getResponse().getStatus(), e.getResponse().readEntity(String.class));
        } catch (ProcessingException e) {
            LOG.warnf("Keycloak's broker token endpoint is unreachable: %s", e.getMessage());
            throw Problem.badGateway("The sign-in server could not be reached to look up the Google link; try again.");
        }
        try {
            return GoogleLink.from(provider, json.readTree(stored));
        } catch (JsonProcessingException e) {
            throw Problem.badGateway("The sign-in server's answer about the Google link was not readable.");
        }
    }

    /**
     * A token of the user's that may read the stored Google tokens: the caller's token exchanged with the API's own
     * client, whose secret ChatGPT does not have. Keycloak gives it the broker's read-token role, which the
     * caller's token (a GPT's) does not carry.
     */
    private String readToken() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.putSingle("subject_token", token.getRawToken());
        form.putSingle("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        form.putSingle("requested_token_type", "urn:ietf:params:oauth:token-type:access_token");
        String credentials = Base64.getEncoder().encodeToString((URLEncoder.encode(apiClientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(apiClientSecret.orElse(""), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        String answer;
        try {
            answer = broker.exchange(realm, "Basic " + credentials, form);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            LOG.warnf("Keycloak refused the API's token exchange for the Google link (HTTP %d): %s", status,
                    bounded(e.getResponse().readEntity(String.class)));
            throw Problem.badGateway("The sign-in server would not let this service read the Google link (HTTP " + status
                    + "); the administrator should check the agenda-api client (docs/sign-in-pages.md, \"Sign in with Google\").");
        }
        try {
            String accessToken = json.readTree(answer).path("access_token").asText("");
            if (accessToken.isEmpty()) {
                throw Problem.badGateway("The sign-in server's answer to the token exchange held no token.");
            }
            return accessToken;
        } catch (JsonProcessingException e) {
            throw Problem.badGateway("The sign-in server's answer to the token exchange was not readable.");
        }
    }

    private static String bounded(String text) {
        String line = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Keycloak's answers (its messages name user ids, so they are logged, not passed on). */
    private Problem problemFor(int status, String keycloakMessage) {
        if (status == 400 && keycloakMessage.contains("is not associated with identity provider")
                || status == 404 && keycloakMessage.contains("No token stored")) {
            return Problem.conflict("Your account is not linked to Google. Sign out of this GPT and sign in again "
                    + "with \"Sign in with Google\" to link it.");
        }
        LOG.warnf("Keycloak's broker token endpoint answered %d for provider %s: %s", status, provider, keycloakMessage);
        if (status == 403) {
            return Problem.forbidden("This service may not read your Google link: the administrator must give the "
                    + "agenda-api client the broker role read-token (docs/sign-in-pages.md, \"Sign in with Google\").");
        }
        return Problem.badGateway("The sign-in server could not look up the Google link (HTTP " + status + ").");
    }
}
