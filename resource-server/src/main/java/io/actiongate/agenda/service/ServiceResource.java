package io.actiongate.agenda.service;

import io.actiongate.agenda.items.ItemRepository;
import io.actiongate.agenda.openapi.GptOpenApiFilter;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations that need no user: a public one, and one for any authenticated caller (a user or the platform). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service")
public class ServiceResource {

    public static final String TODAY = "getToday";
    public static final String TODAY_DESCRIPTION = "Returns today's date (UTC). Call it to turn words like today, "
            + "tomorrow or next Monday into the ISO dates the agenda operations take.";

    public record Today(LocalDate date, String timeZone) {
        public static Today now() {
            return new Today(LocalDate.now(ZoneOffset.UTC), "UTC");
        }
    }

    public record Stats(long items) {
    }

    @Inject
    ItemRepository items;

    @GET
    @Path("today")
    @Operation(operationId = TODAY, summary = "Today's date", description = TODAY_DESCRIPTION)
    public Today today() {
        return Today.now();
    }

    @GET
    @Path("stats")
    @Authenticated
    @SecurityRequirement(name = GptOpenApiFilter.SECURITY_SCHEME)
    @Operation(operationId = "getStats", summary = "How many items the agenda service holds",
            description = "Returns service-wide figures without any user's data. Needs a signed-in user or the platform's service token.")
    public Stats stats() {
        return new Stats(items.count());
    }
}
