package io.actiongate.keycloak.callbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.actiongate.keycloak.ChatGptCallback;
import io.actiongate.keycloak.GptClientAttributes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The allow-list and pending callbacks of one client, for admins:
 * {@code /admin/realms/{realm}/chatgpt/clients/{id}/callbacks} ({@code id} is the client's internal id, as in
 * Keycloak's own {@code /clients/{id}}). Reading needs view rights on the client, changing needs configure rights.
 */
@Produces(MediaType.APPLICATION_JSON)
public class CallbacksAdminResource {

    /**
     * What GET answers: the approved entries, why they are invalid if they are (then none is approved), and the
     * pending callbacks, most recently seen first.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Callbacks(List<String> entries, String problem, List<PendingView> pending) {
    }

    public record PendingView(String callback, String gptId, String firstSeen, String lastSeen, long attempts) {
        static PendingView of(PendingCallbacks.Pending pending) {
            return new PendingView(pending.callback(), pending.gptId(), pending.firstSeen().toString(),
                    pending.lastSeen().toString(), pending.attempts());
        }
    }

    /** PUT body: the complete new list of entries. */
    public record EntriesUpdate(List<String> entries) {
    }

    /** Body of approve and dismiss: one pending callback URL. */
    public record CallbackChoice(String callback) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    CallbacksAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CLIENT);
    }

    @GET
    @Path("clients/{id}/callbacks")
    public Callbacks get(@PathParam("id") String id) {
        ClientModel client = client(id);
        auth.clients().requireView(client);
        return callbacks(client);
    }

    @PUT
    @Path("clients/{id}/callbacks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Callbacks replace(@PathParam("id") String id, EntriesUpdate update) {
        ClientModel client = configurableClient(id);
        if (update == null || update.entries() == null) {
            throw ErrorResponse.error("Send {\"entries\": [...]}", Response.Status.BAD_REQUEST);
        }
        CallbackAllowList entries = parseOrRefuse(String.join(",", update.entries()));
        save(client, entries);
        adminEvent.operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(update)
                .success();
        return callbacks(client);
    }

    @POST
    @Path("clients/{id}/callbacks/pending/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Callbacks approve(@PathParam("id") String id, CallbackChoice choice) {
        ClientModel client = configurableClient(id);
        String callback = choice == null ? null : choice.callback();
        if (callback == null || ChatGptCallback.parse(callback).isEmpty()) {
            throw ErrorResponse.error("'callback' must be a ChatGPT callback URL", Response.Status.BAD_REQUEST);
        }
        CallbackAllowList current = parseOrRefuse(client.getAttribute(GptClientAttributes.CALLBACKS));
        save(client, current.with(callback));
        PendingCallbacks.remove(session, realm, client, List.of(callback));
        CallbackEvents.publish(session, new CallbackEvents.CallbacksDecided(adminEvent, client, CallbackEvents.Decision.APPROVED, List.of(callback)));
        return callbacks(client);
    }

    @POST
    @Path("clients/{id}/callbacks/pending/dismiss")
    @Consumes(MediaType.APPLICATION_JSON)
    public Callbacks dismiss(@PathParam("id") String id, CallbackChoice choice) {
        ClientModel client = configurableClient(id);
        String callback = choice == null ? null : choice.callback();
        if (callback == null || PendingCallbacks.remove(session, realm, client, List.of(callback)).isEmpty()) {
            throw ErrorResponse.error("No such pending callback", Response.Status.NOT_FOUND);
        }
        CallbackEvents.publish(session, new CallbackEvents.CallbacksChanged(session, client));
        CallbackEvents.publish(session, new CallbackEvents.CallbacksDecided(adminEvent, client, CallbackEvents.Decision.DISMISSED, List.of(callback)));
        return callbacks(client);
    }

    private Callbacks callbacks(ClientModel client) {
        CallbackAllowList.Stored entries = CallbackAllowList.stored(client.getAttribute(GptClientAttributes.CALLBACKS));
        List<PendingView> pending = new PendingCallbacks(session, realm, client).list().stream().map(PendingView::of).toList();
        return new Callbacks(entries.entries(), entries.problem().orElse(null), pending);
    }

    private void save(ClientModel client, CallbackAllowList list) {
        client.setAttribute(GptClientAttributes.CALLBACKS, list.toAttribute());
        CallbackEvents.publish(session, new CallbackEvents.CallbacksChanged(session, client));
    }

    private static CallbackAllowList parseOrRefuse(String text) {
        try {
            return CallbackAllowList.parse(text);
        } catch (CallbackAllowList.InvalidEntriesException e) {
            throw ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
        }
    }

    private ClientModel configurableClient(String id) {
        ClientModel client = client(id);
        auth.clients().requireConfigure(client);
        return client;
    }

    private ClientModel client(String id) {
        ClientModel client = realm.getClientById(id);
        if (client == null) {
            // Same answer with or without view rights on clients: nothing to learn from it.
            throw new NotFoundException("Client not found");
        }
        return client;
    }
}
