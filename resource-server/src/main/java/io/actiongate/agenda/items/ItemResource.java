package io.actiongate.agenda.items;

import io.actiongate.agenda.openapi.GptOpenApiFilter;
import io.actiongate.agenda.problem.Problem;
import io.actiongate.agenda.service.ServiceTokens;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
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
    JsonWebToken token;

    @Inject
    SecurityIdentity identity;

    @Inject
    ItemRepository items;

    @GET
    @Operation(operationId = "listItems", summary = "List the user's agenda items",
            description = "Returns the user's items ordered by date. Call it to answer what the user has planned, "
                    + "optionally for a range of days (from and to are inclusive ISO dates), and to find an item's id "
                    + "before changing or deleting it.")
    @APIResponse(responseCode = "200", description = "The items, oldest date first.")
    public List<ItemView> listItems(
            @Parameter(description = "First day to include (ISO 8601 date, e.g. 2026-11-23).",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = "Last day to include (ISO 8601 date).",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to) {
        return items.listOwned(owner(), date("from", from), date("to", to)).stream().map(ItemView::of).toList();
    }

    @POST
    @Transactional
    @Operation(operationId = "createItem", summary = "Add an item to the user's agenda",
            description = "Call it when the user asks to remember, plan or schedule something for a day.")
    @APIResponse(responseCode = "201", description = "The item was added; Location names it.")
    public Response createItem(@Valid @NotNull NewItem request, UriInfo uriInfo) {
        Item item = new Item();
        item.ownerSub = owner();
        item.date = request.date();
        item.text = request.text();
        item.done = Boolean.TRUE.equals(request.done());
        items.persist(item);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(String.valueOf(item.id)).build())
                .entity(ItemView.of(item)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getItem", summary = "Read one agenda item",
            description = "Returns one of the user's items by its id.")
    @APIResponse(responseCode = "200", description = "The item.")
    @APIResponse(responseCode = "404", description = "The user has no item with this id.")
    public ItemView getItem(@PathParam("id") long id) {
        return ItemView.of(owned(id));
    }

    @PATCH
    @Path("/{id}")
    @Transactional
    @Operation(operationId = "updateItem", summary = "Change an agenda item",
            description = "Changes the given fields of one of the user's items: move it to another day, reword it, "
                    + "or mark it done or not done. Fields left out keep their value.")
    @APIResponse(responseCode = "200", description = "The changed item.")
    @APIResponse(responseCode = "404", description = "The user has no item with this id.")
    public ItemView updateItem(@PathParam("id") long id, @Valid @NotNull ItemChanges changes) {
        Item item = owned(id);
        if (changes.date() != null) {
            item.date = changes.date();
        }
        if (changes.text() != null) {
            item.text = changes.text();
        }
        if (changes.done() != null) {
            item.done = changes.done();
        }
        return ItemView.of(item);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @Operation(operationId = "deleteItem", summary = "Delete an agenda item",
            description = "Removes one of the user's items for good. Call it only when the user asked to delete it.")
    @APIResponse(responseCode = "204", description = "The item is gone.")
    @APIResponse(responseCode = "404", description = "The user has no item with this id.")
    public void deleteItem(@PathParam("id") long id) {
        items.delete(owned(id));
    }

    private Item owned(long id) {
        return items.findOwned(owner(), id).orElseThrow(() -> Problem.notFound("No item " + id + " in your agenda."));
    }

    private String owner() {
        if (identity.hasRole(ServiceTokens.PLATFORM_ROLE)) {
            throw Problem.forbidden("Agenda items belong to a user: sign the user in (OAuth); the platform's service token cannot read or change them.");
        }
        return token.getSubject();
    }

    private static LocalDate date(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(field, "must be an ISO 8601 date such as 2026-11-23");
        }
    }
}
