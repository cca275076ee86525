package io.actiongate.agenda.web;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;

/** The page's language: the browser's first choice among those the page has (English, German), else English. */
final class PageLocale {

    static final List<String> LANGUAGES = List.of("en", "de");

    private PageLocale() {
    }

    static Locale of(HttpHeaders headers) {
        for (Locale wanted : headers.getAcceptableLanguages()) {
            if (LANGUAGES.contains(wanted.getLanguage())) {
                return Locale.forLanguageTag(wanted.getLanguage());
            }
        }
        return Locale.ENGLISH;
    }
}
