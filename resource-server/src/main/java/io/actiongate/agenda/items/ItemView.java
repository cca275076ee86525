package io.actiongate.agenda.items;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Item", description = "One entry of the user's agenda.")
public record ItemView(
        @Schema(description = AgendaOperations.ID_DESCRIPTION, examples = "42")
        long id,
        @Schema(description = "The day the item is for (ISO 8601 date).", examples = "2026-11-23")
        LocalDate date,
        @Schema(description = "What the item says, as the user wrote it.", examples = "Call the dentist")
        String text,
        @Schema(description = "Whether the user has marked the item as done.")
        boolean done) {

    static ItemView of(Item item) {
        return new ItemView(item.id, item.date, item.text, item.done);
    }
}
