package io.actiongate.doctor.web;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The user's part of a sign-in, played in a {@link Web} browser: opens the authorization URL, follows the server's
 * redirects, fills in the login form (any form with a password field: Keycloak's pages, ActionGate's theme, most
 * others), accepts a consent page, and stops at the callback, whose query it reads without visiting it.
 */
public final class SignIn {

    /** Where the sign-in ended: at the callback (with its query), or on a page that is neither a form nor a redirect. */
    public record Result(Map<String, String> callbackQuery, String stoppedAt, String pageText, int status) {
        public boolean reachedCallback() {
            return callbackQuery != null;
        }
    }

    private static final int MAX_STEPS = 15;

    private SignIn() {
    }

    public static Result run(Web browser, String authorizationUrl, String redirectUri, String user, String password)
            throws Web.Unreachable {
        Web.Answer page = browser.get(authorizationUrl);
        for (int step = 0; step < MAX_STEPS; step++) {
            if (page.redirect() && page.location().isPresent()) {
                URI next = page.location().get();
                if (next.toString().startsWith(redirectUri)) {
                    return new Result(query(next), next.toString(), null, page.status());
                }
                page = browser.get(next.toString());
                continue;
            }
            Document html = Jsoup.parse(page.body(), page.uri().toString());
            Element passwordField = html.selectFirst("form input[type=password]");
            Element accept = html.selectFirst("form button[name=accept], form input[name=accept]");
            if (page.status() == 200 && passwordField != null) {
                Element form = passwordField.closest("form");
                Map<String, String> fields = hiddenFields(form);
                Element username = form.selectFirst("input[name=username], input[type=email], input[type=text]");
                if (username != null) {
                    fields.put(username.attr("name"), user);
                }
                fields.put(passwordField.attr("name"), password);
                page = browser.postForm(form.absUrl("action"), fields);
                if (page.status() == 200 && Jsoup.parse(page.body()).selectFirst("form input[type=password]") != null) {
                    return new Result(null, page.uri().toString(), "the login form came back: the user or password was refused", 200);
                }
            } else if (page.status() == 200 && accept != null) {
                Element form = accept.closest("form");
                Map<String, String> fields = hiddenFields(form);
                fields.put(accept.attr("name"), accept.hasAttr("value") ? accept.attr("value") : "yes");
                page = browser.postForm(form.absUrl("action"), fields);
            } else {
                return new Result(null, page.uri().toString(), text(html), page.status());
            }
        }
        return new Result(null, page.uri().toString(), "more than " + MAX_STEPS + " steps without reaching the callback", page.status());
    }

    /** The visible text of a page, shortened: what a failed sign-in showed the user. */
    public static String text(Document html) {
        String text = html.body() == null ? "" : html.body().text();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Map<String, String> hiddenFields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.attr("value")));
        return fields;
    }
}
