package io.actiongate.agenda.items;

import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ItemChanges", description = "The fields to change; fields left out keep their value.")
public record ItemChanges(
        @Schema(description = "A new day for the item (ISO 8601 date).", examples = "2026-11-24")
        LocalDate date,
        @Size(min = 1, max = Item.MAX_TEXT_LENGTH)
        @Schema(minLength = 1, maxLength = Item.MAX_TEXT_LENGTH, description = "A new text for the item.")
        String text,
        @Schema(description = AgendaOperations.DONE_DESCRIPTION)
        Boolean done) {
}
