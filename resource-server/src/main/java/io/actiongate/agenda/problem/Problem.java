package io.actiongate.agenda.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An API error as RFC 9457 problem details ({@code application/problem+json}); {@link #errors} names the
 * request fields at fault.
 */
public final class Problem extends WebApplicationException {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The JSON body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String type, String title, int status, String detail, List<FieldError> errors) {
    }

    /** One field of the request and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private Problem(Response response) {
        super(response);
    }

    public static Problem forbidden(String detail) {
        return new Problem(response(Response.Status.FORBIDDEN, detail, List.of()));
    }

    public static Problem conflict(String detail) {
        return new Problem(response(Response.Status.CONFLICT, detail, List.of()));
    }

    public static Problem badGateway(String detail) {
        return new Problem(response(Response.Status.BAD_GATEWAY, detail, List.of()));
    }

    public static Response invalidRequest(List<FieldError> errors) {
        return response(Response.Status.BAD_REQUEST, "The request is invalid: " + describe(errors), errors);
    }

    public static Response response(Response.StatusType status, String detail, List<FieldError> errors) {
        return Response.status(status.getStatusCode())
                .type(MEDIA_TYPE)
                .entity(new Body("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail,
                        errors.isEmpty() ? null : errors))
                .build();
    }

    private static String describe(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(error -> error.field() + " " + error.message()).toList());
    }
}
