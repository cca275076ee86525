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
 * the API asks Keycloak for them with the user's own access token. This operation only reports the link.
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
            stored = broker.storedToken(realm, provider, "Bearer " + token.getRawToken());
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
                    + "GPT client the broker role read-token (docs/sign-in-pages.md, \"Sign in with Google\").");
        }
        return Problem.badGateway("The sign-in server could not look up the Google link (HTTP " + status + ").");
    }
}
