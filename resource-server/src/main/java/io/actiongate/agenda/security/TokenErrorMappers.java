package io.actiongate.agenda.security;

import io.actiongate.agenda.problem.Problem;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * RFC 6750 answers for bad tokens ({@code 401}, {@code WWW-Authenticate: Bearer error="invalid_token"}) and
 * 503 when Keycloak cannot be reached: a token that cannot be checked is not the client's fault.
 * Neither the token nor the userinfo response is ever logged.
 */
public class TokenErrorMappers {

    private static final Logger LOG = Logger.getLogger(TokenErrorMappers.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    // Runs before Quarkus' own mapper for the same exception.
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 2)
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        if (keycloakUnreachable(e)) {
            return keycloakUnavailable();
        }
        return unauthorized(request, "Bearer error=\"invalid_token\"",
                "The access token is malformed, expired, revoked or not meant for this API.");
    }

    /** No token at all: RFC 6750 3.1 asks for a plain challenge, without an error code. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 2)
    public Response noToken(UnauthorizedException e, HttpServerRequest request) {
        return unauthorized(request, "Bearer", "This operation needs the signed-in user's access token.");
    }

    private static Response unauthorized(HttpServerRequest request, String challenge, String detail) {
        // The authentication mechanism has already set its own, less specific challenge.
        request.response().headers().remove(HttpHeaders.WWW_AUTHENTICATE);
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, detail, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    @ServerExceptionMapper
    public Response oidcUnavailable(OIDCException e) {
        return keycloakUnavailable();
    }

    private static Response keycloakUnavailable() {
        LOG.warn("Keycloak cannot be reached to check an access token; answering 503");
        return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                        "The sign-in server cannot be reached to check the access token; try again shortly.", List.of()))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    /** Only a failure to connect means Keycloak is down; a userinfo answer of 401 means the token is bad. */
    private static boolean keycloakUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
