package io.actiongate.agenda.items;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NewItem", description = "An item to add to the user's agenda.")
public record NewItem(
        @NotNull @Schema(required = true, description = AgendaOperations.DATE_DESCRIPTION, examples = "2026-11-23")
        LocalDate date,
        @NotNull @Size(min = 1, max = Item.MAX_TEXT_LENGTH)
        @Schema(required = true, minLength = 1, maxLength = Item.MAX_TEXT_LENGTH, description = AgendaOperations.TEXT_DESCRIPTION)
        String text,
        @Schema(description = "Whether the item is already done; false when omitted.")
        Boolean done) {
}
