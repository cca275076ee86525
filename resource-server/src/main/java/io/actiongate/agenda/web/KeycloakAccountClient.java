package io.actiongate.agenda.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Keycloak's account REST API, called with the signed-in user's own access token (its {@code account} audience
 * and {@code manage-account} role come from the realm's default roles): the applications that hold the user's
 * consent, the user's sessions (offline ones included), and taking a consent back.
 */
@RegisterRestClient(configKey = "keycloak-account")
@Path("/realms/{realm}/account")
@Produces(MediaType.APPLICATION_JSON)
public interface KeycloakAccountClient {

    @GET
    @Path("/applications")
    List<Application> applications(@PathParam("realm") String realm, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/sessions/devices")
    List<Device> devices(@PathParam("realm") String realm, @HeaderParam("Authorization") String authorization);

    /** Revokes the consent and the client's offline tokens for this user (Keycloak's UserConsentManager). */
    @DELETE
    @Path("/applications/{clientId}/consent")
    void revokeConsent(@PathParam("realm") String realm, @PathParam("clientId") String clientId,
                       @HeaderParam("Authorization") String authorization);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Application(String clientId, String clientName, Consent consent) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Consent(List<Scope> grantedScopes, long createdDate, long lastUpdatedDate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Scope(String name, String displayText) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Device(List<Session> sessions) {
    }

    /** {@code lastAccess} in seconds since the epoch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Session(long lastAccess, List<SessionClient> clients) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionClient(String clientId) {
    }
}
