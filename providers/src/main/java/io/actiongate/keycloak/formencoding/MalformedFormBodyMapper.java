package io.actiongate.keycloak.formencoding;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * A form body with bad percent-encoding ({@code a=%zz}) fails in the REST layer's form parser, before any endpoint
 * runs, and Keycloak answers that client's mistake with a 500 and an ERROR stack trace. This answers it as the
 * OAuth error it is: {@code 400 invalid_request}. Every other exception goes to Keycloak's own handler unchanged.
 */
@Provider
public class MalformedFormBodyMapper implements ExceptionMapper<IllegalArgumentException> {

    @Override
    public Response toResponse(IllegalArgumentException exception) {
        if (isFormDecodingFailure(exception)) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_REQUEST,
                            "The body is not valid application/x-www-form-urlencoded (check its percent-encoding)"))
                    .build();
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        return KeycloakErrorHandler.getResponse(session, exception);
    }

    /** RESTEasy's form parser, decoding a parameter: the one place this mapper answers for. */
    static boolean isFormDecodingFailure(IllegalArgumentException exception) {
        for (StackTraceElement frame : exception.getStackTrace()) {
            if (frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.FormEncodedDataDefinition")) {
                return true;
            }
        }
        return false;
    }
}
