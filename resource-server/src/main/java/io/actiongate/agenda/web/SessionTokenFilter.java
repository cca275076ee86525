package io.actiongate.agenda.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Every write to the page ({@code POST /web/...}) carries the session's {@link SessionToken}, beside Quarkus's
 * CSRF token; without it, or with another session's, {@code 403} and nothing changes.
 */
public class SessionTokenFilter {

    private static final String PAGE_PREFIX = "/web/";

    @Inject
    SessionToken sessionToken;

    @ServerRequestFilter(readBody = true)
    public Optional<Response> requireTheSessionsToken(ResteasyReactiveContainerRequestContext context) {
        if (!"POST".equals(context.getMethod()) || !context.getUriInfo().getPath().startsWith(PAGE_PREFIX)) {
            return Optional.empty();
        }
        Object presented = ((ResteasyReactiveRequestContext) context.getServerRequestContext())
                .getFormParameter(SessionToken.FIELD, true, false);
        if (presented instanceof String token && sessionToken.matches(token)) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN_TYPE)
                .entity("This form does not belong to your current sign-in: reload the page and try again.\n").build());
    }
}
