package io.actiongate.keycloak.jsontoken;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * {@code POST /realms/{realm}/chatgpt/token}: Keycloak's own token endpoint for the code and refresh grants,
 * also for plugin-era clients that send the request as JSON ({@code authorization_content_type:
 * application/json}). The body becomes the form parameters and Keycloak's {@link TokenEndpoint} does the rest,
 * so errors, client authentication, client policies (the callback allow-list) and protocol mappers (the ChatGPT
 * token response) are exactly those of the standard endpoint.
 */
@Produces(MediaType.APPLICATION_JSON)
public class JsonTokenEndpoint {

    private static final List<String> GRANTS = List.of(OAuth2Constants.AUTHORIZATION_CODE, OAuth2Constants.REFRESH_TOKEN);

    private final KeycloakSession session;

    JsonTokenEndpoint(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response json(InputStream body) {
        MultivaluedMap<String, String> form;
        try {
            form = JsonTokenRequest.read(body);
        } catch (JsonTokenRequest.InvalidBodyException e) {
            return error(e.tooLarge() ? Response.Status.REQUEST_ENTITY_TOO_LARGE : Response.Status.BAD_REQUEST,
                    OAuthErrorException.INVALID_REQUEST, e.getMessage());
        }
        HttpRequest original = session.getContext().getHttpRequest();
        session.getContext().setHttpRequest(new FormParametersRequest(original, form));
        return grant(form);
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response form() {
        // A body with bad percent-encoding never gets here: see formencoding.MalformedFormBodyMapper.
        return grant(session.getContext().getHttpRequest().getDecodedFormParameters());
    }

    /** Any other content type. */
    @POST
    @Path("token")
    public Response otherContentType() {
        return error(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST,
                "Content-Type must be application/json or application/x-www-form-urlencoded");
    }

    private Response grant(MultivaluedMap<String, String> form) {
        String grantType = form == null ? null : form.getFirst(OAuth2Constants.GRANT_TYPE);
        if (grantType != null && !GRANTS.contains(grantType)) {
            return error(Response.Status.BAD_REQUEST, OAuthErrorException.UNSUPPORTED_GRANT_TYPE,
                    "This endpoint serves the authorization_code and refresh_token grants");
        }
        EventBuilder event = new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection());
        return new TokenEndpoint(session, new TokenManager(), event).processGrantRequest();
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new OAuth2ErrorRepresentation(error, description)).build();
    }
}
