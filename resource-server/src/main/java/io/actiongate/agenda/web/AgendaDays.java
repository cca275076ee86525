package io.actiongate.agenda.web;

import io.actiongate.agenda.items.ItemView;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The agenda as the page shows it: one heading per day, in date order, the day's items under it. */
public final class AgendaDays {

    public record Day(LocalDate date, String label, List<ItemView> items) {
    }

    private AgendaDays() {
    }

    /** {@code items} in date order (as the agenda lists them); labels in the page's language. */
    public static List<Day> of(List<ItemView> items, Locale locale) {
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale);
        Map<LocalDate, List<ItemView>> byDay = new LinkedHashMap<>();
        for (ItemView item : items) {
            byDay.computeIfAbsent(item.date(), day -> new ArrayList<>()).add(item);
        }
        List<Day> days = new ArrayList<>();
        byDay.forEach((date, dayItems) -> days.add(new Day(date, format.format(date), List.copyOf(dayItems))));
        return days;
    }
}
