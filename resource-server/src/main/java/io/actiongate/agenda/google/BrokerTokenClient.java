package io.actiongate.agenda.google;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Keycloak's broker token endpoint: the identity provider's tokens Keycloak stored when the user signed in
 * through it ({@code storeToken}). Keycloak answers with the provider's token response as it was stored, for
 * the user of the bearer token, if that token holds the broker client's {@code read-token} role. No token
 * ChatGPT holds carries that role: the API first exchanges the user's token ({@link #exchange}, standard token
 * exchange with the API's own client {@code agenda-api} and its secret) for one that does.
 */
@RegisterRestClient(configKey = "keycloak-broker")
public interface BrokerTokenClient {

    @GET
    @Path("/realms/{realm}/broker/{alias}/token")
    @Produces(MediaType.APPLICATION_JSON)
    String storedToken(@PathParam("realm") String realm, @PathParam("alias") String alias,
                       @HeaderParam("Authorization") String authorization);

    /** RFC 8693 at the realm's token endpoint; {@code authorization} is the API client's Basic credentials. */
    @POST
    @Path("/realms/{realm}/protocol/openid-connect/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    String exchange(@PathParam("realm") String realm, @HeaderParam("Authorization") String authorization,
                    MultivaluedMap<String, String> form);
}
