package io.actiongate.agenda.mcp;

import io.actiongate.agenda.items.Agenda;
import io.actiongate.agenda.items.AgendaOperations;
import io.actiongate.agenda.items.ItemChanges;
import io.actiongate.agenda.items.NewItem;
import io.actiongate.agenda.service.ServiceResource;
import io.quarkiverse.mcp.server.MetaField;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The agenda as MCP tools (ChatGPT apps and connectors): one tool per REST operation, with the same names,
 * descriptions, owner isolation and validation ({@link Agenda}). Each declares the sign-in it needs as the Apps
 * SDK's {@code securitySchemes}; {@link McpAccess} enforces that declaration. Dates are taken as text so that a
 * bad one is a tool error naming the field, as in the REST API.
 */
public class AgendaTools {

    @Inject
    McpAccess access;

    @Inject
    Agenda agenda;

    @Tool(name = ServiceResource.TODAY, title = "Today's date", description = ServiceResource.TODAY_DESCRIPTION,
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @MetaField(name = McpScopes.SECURITY_SCHEMES, type = MetaField.Type.JSON, value = McpScopes.NO_SIGN_IN)
    ToolResponse getToday() {
        return access.anyone(ServiceResource.Today::now);
    }

    @Tool(name = AgendaOperations.LIST, title = "List the user's agenda items", description = AgendaOperations.LIST_DESCRIPTION,
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @MetaField(name = McpScopes.SECURITY_SCHEMES, type = MetaField.Type.JSON, value = McpScopes.SIGN_IN_TO_READ)
    ToolResponse listItems(@ToolArg(description = AgendaOperations.FROM_DESCRIPTION, required = false) String from,
                           @ToolArg(description = AgendaOperations.TO_DESCRIPTION, required = false) String to) {
        return access.user(McpScopes.READ, owner -> Map.of("items", agenda.list(owner, from, to)));
    }

    @Tool(name = AgendaOperations.GET, title = "Read one agenda item", description = AgendaOperations.GET_DESCRIPTION,
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @MetaField(name = McpScopes.SECURITY_SCHEMES, type = MetaField.Type.JSON, value = McpScopes.SIGN_IN_TO_READ)
    ToolResponse getItem(@ToolArg(description = AgendaOperations.ID_DESCRIPTION) long id) {
        return access.user(McpScopes.READ, owner -> agenda.get(owner, id));
    }

    @Tool(name = AgendaOperations.CREATE, title = "Add an item to the user's agenda", description = AgendaOperations.CREATE_DESCRIPTION,
            annotations = @Tool.Annotations(destructiveHint = false, openWorldHint = false))
    @MetaField(name = McpScopes.SECURITY_SCHEMES, type = MetaField.Type.JSON, value = McpScopes.SIGN_IN_TO_WRITE)
    ToolResponse createItem(@ToolArg(description = AgendaOperations.DATE_DESCRIPTION) String date,
                            @ToolArg(description = AgendaOperations.TEXT_DESCRIPTION) String text,
                            @ToolArg(description = "Whether the item is already done; false when omitted.", required = false) Boolean done) {
        return access.user(McpScopes.WRITE, owner -> agenda.create(owner, new NewItem(Agenda.date("date", date), text, done)));
    }

    @Tool(name = AgendaOperations.UPDATE, title = "Change an agenda item", description = AgendaOperations.UPDATE_DESCRIPTION,
            annotations = @Tool.Annotations(destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @MetaField(name = McpScopes.SECURITY_SCHEMES, type = MetaField.Type.JSON, value = McpScopes.SIGN_IN_TO_WRITE)
    ToolResponse updateItem(@ToolArg(description = AgendaOperations.ID_DESCRIPTION) long id,
                            @ToolArg(description = "A new day for the item (ISO 8601 date).", required = false) String date,
                            @ToolArg(description = "A new text for the item.", required = false) String text,
                            @ToolArg(description = AgendaOperations.DONE_DESCRIPTION, required = false) Boolean done) {
        return access.user(McpScopes.WRITE, owner -> agenda.update(owner, id, new ItemChanges(Agenda.date("date", date), text, done)));
    }

    @Tool(name = AgendaOperations.DELETE, title = "Delete an agenda item", description = AgendaOperations.DELETE_DESCRIPTION,
            annotations = @Tool.Annotations(destructiveHint = true, idempotentHint = true, openWorldHint = false))
    @MetaField(name = McpScopes.SECURITY_SCHEMES, type = MetaField.Type.JSON, value = McpScopes.SIGN_IN_TO_WRITE)
    ToolResponse deleteItem(@ToolArg(description = AgendaOperations.ID_DESCRIPTION) long id) {
        return access.user(McpScopes.WRITE, owner -> {
            agenda.delete(owner, id);
            return Map.of("deleted", id);
        });
    }
}
