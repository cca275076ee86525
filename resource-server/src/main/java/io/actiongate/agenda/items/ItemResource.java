package io.actiongate.agenda.items;

import io.actiongate.agenda.openapi.GptOpenApiFilter;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's agenda. Items of other users are never visible: they answer 404, like missing ones. */
@Path("/items")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = GptOpenApiFilter.PER_USER_TAG)
@SecurityRequirement(name = GptOpenApiFilter.SECURITY_SCHEME, scopes = {"openid", "offline_access"})
public class ItemResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    Agenda agenda;

    @GET
    @Operation(operationId = AgendaOperations.LIST, summary = "List the user's agenda items",
            description = AgendaOperations.LIST_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The items, oldest date first.")
    public List<ItemView> listItems(
            @Parameter(description = AgendaOperations.FROM_DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = AgendaOperations.TO_DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to) {
        return agenda.list(owner(), from, to);
    }

    @POST
    @Operation(operationId = AgendaOperations.CREATE, summary = "Add an item to the user's agenda",
            description = AgendaOperations.CREATE_DESCRIPTION)
    @APIResponse(responseCode = "201", description = "The item was added; Location names it.")
    public Response createItem(@Valid @NotNull NewItem request, UriInfo uriInfo) {
        ItemView item = agenda.create(owner(), request);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(String.valueOf(item.id())).build())
                .entity(item).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = AgendaOperations.GET, summary = "Read one agenda item",
            description = AgendaOperations.GET_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The item.")
    @APIResponse(responseCode = "404", description = "The user has no item with this id.")
    public ItemView getItem(@PathParam("id") long id) {
        return agenda.get(owner(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = AgendaOperations.UPDATE, summary = "Change an agenda item",
            description = AgendaOperations.UPDATE_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The changed item.")
    @APIResponse(responseCode = "404", description = "The user has no item with this id.")
    public ItemView updateItem(@PathParam("id") long id, @Valid @NotNull ItemChanges changes) {
        return agenda.update(owner(), id, changes);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = AgendaOperations.DELETE, summary = "Delete an agenda item",
            description = AgendaOperations.DELETE_DESCRIPTION)
    @APIResponse(responseCode = "204", description = "The item is gone.")
    @APIResponse(responseCode = "404", description = "The user has no item with this id.")
    public void deleteItem(@PathParam("id") long id) {
        agenda.delete(owner(), id);
    }

    private String owner() {
        return Agenda.ownerOf(identity);
    }
}
