package io.actiongate.agenda.items;

/** A request field the agenda cannot accept; the REST API answers problem+json, the MCP tools a tool error. */
public final class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 1);
    }
}
