package io.actiongate.agenda.items;

/**
 * The agenda's operations as a model reads them: one name and one description each, used by the OpenAPI document
 * (GPT Actions) and the MCP tools (ChatGPT apps) alike, so the two never drift apart.
 */
public final class AgendaOperations {

    public static final String LIST = "listItems";
    public static final String LIST_DESCRIPTION = "Returns the user's items ordered by date. Call it to answer what "
            + "the user has planned, optionally for a range of days (from and to are inclusive ISO dates), and to find "
            + "an item's id before changing or deleting it.";
    public static final String FROM_DESCRIPTION = "First day to include (ISO 8601 date, e.g. 2026-11-23).";
    public static final String TO_DESCRIPTION = "Last day to include (ISO 8601 date).";

    public static final String CREATE = "createItem";
    public static final String CREATE_DESCRIPTION = "Call it when the user asks to remember, plan or schedule something for a day.";

    public static final String GET = "getItem";
    public static final String GET_DESCRIPTION = "Returns one of the user's items by its id.";

    public static final String UPDATE = "updateItem";
    public static final String UPDATE_DESCRIPTION = "Changes the given fields of one of the user's items: move it to "
            + "another day, reword it, or mark it done or not done. Fields left out keep their value.";

    public static final String DELETE = "deleteItem";
    public static final String DELETE_DESCRIPTION = "Removes one of the user's items for good. Call it only when the "
            + "user asked to delete it.";

    public static final String ID_DESCRIPTION = "Identifier of the item; use it to read, change or delete the item.";
    public static final String DATE_DESCRIPTION = "The day the item is for (ISO 8601 date).";
    public static final String TEXT_DESCRIPTION = "What to remember, in the user's words.";
    public static final String DONE_DESCRIPTION = "true to mark the item done, false to reopen it.";

    private AgendaOperations() {
    }
}
