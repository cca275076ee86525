package io.actiongate.agenda.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.actiongate.agenda.items.InvalidFieldException;
import io.actiongate.agenda.items.NoSuchItemException;
import io.actiongate.agenda.items.NotAUserException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every client error of the API into problem details that name the field at fault. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidFields(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(fieldOf(violation), violation.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return Problem.invalidRequest(errors);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e) {
        return Problem.invalidRequest(List.of(new Problem.FieldError(e.field(), e.problem())));
    }

    @ServerExceptionMapper
    public Response noSuchItem(NoSuchItemException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response notAUser(NotAUserException e) {
        return Problem.response(Response.Status.FORBIDDEN, e.getMessage(), List.of());
    }

    /** Unknown fields, wrong types and unparsable values (e.g. a date that is not a date). */
    @ServerExceptionMapper
    public Response unreadableField(MismatchedInputException e) {
        String field = pathOf(e);
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException || e.getCause() != null) {
            message = "has an invalid value";
        } else {
            message = "has the wrong type";
        }
        return Problem.invalidRequest(List.of(new Problem.FieldError(field.isEmpty() ? "(body)" : field, message)));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e instanceof Problem) {
            return e.getResponse();
        }
        if (e.getCause() instanceof JsonProcessingException) {
            return Problem.response(Response.Status.BAD_REQUEST, "The request body is not valid JSON.", List.of());
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.response(status, status.getReasonPhrase(), List.of());
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The request field of a violation: the last node of {@code createItem.request.text} is {@code text}. */
    public static String fieldOf(ConstraintViolation<?> violation) {
        String field = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                field = node.getName();
            }
        }
        return field == null ? "(body)" : field;
    }
}
