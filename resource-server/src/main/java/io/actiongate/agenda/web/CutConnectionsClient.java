package io.actiongate.agenda.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ActionGate's addition to the account API in Keycloak, called with the user's own token like
 * {@link KeycloakAccountClient}: the apps whose connection was cut because a spent refresh token was used again.
 */
@RegisterRestClient(configKey = "keycloak-account")
@Path("/realms/{realm}/actiongate-account")
@Produces(MediaType.APPLICATION_JSON)
public interface CutConnectionsClient {

    @GET
    @Path("/cut-connections")
    List<CutConnection> cutConnections(@PathParam("realm") String realm, @HeaderParam("Authorization") String authorization);

    /** {@code cutAt} in milliseconds since the epoch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CutConnection(String clientId, long cutAt) {
    }
}
