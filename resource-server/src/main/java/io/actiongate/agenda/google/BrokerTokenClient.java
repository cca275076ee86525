package io.actiongate.agenda.google;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Keycloak's broker token endpoint: the identity provider's tokens Keycloak stored when the user signed in
 * through it ({@code storeToken}). Keycloak answers with the provider's token response as it was stored, for
 * the user of the bearer token, if that token holds the broker client's {@code read-token} role.
 */
@RegisterRestClient(configKey = "keycloak-broker")
@Path("/realms/{realm}/broker/{alias}/token")
public interface BrokerTokenClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    String storedToken(@PathParam("realm") String realm, @PathParam("alias") String alias,
                       @HeaderParam("Authorization") String authorization);
}
