package io.actiongate.agenda.web;

import io.actiongate.agenda.items.Agenda;
import io.actiongate.agenda.items.ItemChanges;
import io.actiongate.agenda.items.ItemView;
import io.actiongate.agenda.items.NewItem;
import io.actiongate.agenda.live.AgendaChangeFeed;
import io.actiongate.agenda.problem.Problem;
import io.actiongate.agenda.PublicUrls;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.smallrye.mutiny.Uni;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The signed-in user's own agenda, at the API's root: the items ChatGPT manages, changed live, and the apps that
 * have access. Signed in through the realm with its own client ({@code agenda-web}, quarkus-oidc's {@code web}
 * tenant); every write is a form post with Quarkus's CSRF token. Without script the forms work as they are; with
 * it, the page sends them in the background and reloads its list whenever {@code /web/events} says so.
 */
@Authenticated
@Path("/")
public class AgendaPage {

    /** Set by the page's script: answer with the list alone instead of redirecting. */
    static final String SCRIPT_HEADER = "X-Requested-With";

    /** A connected app as the page shows it, its times in the page's language (null: never used). */
    public record AppRow(String clientId, String name, String scopes, String granted, String lastUsed, String cut) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(String language, String serviceName, String userName,
                                            List<AgendaDays.Day> days, List<AppRow> apps, boolean appsUnavailable,
                                            String today);

        static native TemplateInstance items(List<AgendaDays.Day> days);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    AccessTokenCredential accessToken;

    @Inject
    Agenda agenda;

    @Inject
    ConnectedApps connectedApps;

    @Inject
    AgendaChangeFeed feed;

    @Inject
    HttpHeaders headers;

    @Inject
    OidcSession oidcSession;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    PublicUrls urls;

    @ConfigProperty(name = "quarkus.oidc.web.client-id")
    String webClientId;

    @ConfigProperty(name = "agenda.service-name")
    String serviceName;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        Locale locale = PageLocale.of(headers);
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).withZone(ZoneId.systemDefault());
        List<AppRow> apps = List.of();
        boolean appsUnavailable = false;
        try {
            apps = connectedApps.of(accessToken.getToken()).stream()
                    .map(app -> new AppRow(app.clientId(), app.name(), String.join(", ", app.scopes()), when.format(app.granted()),
                            app.lastUsed() == null ? null : when.format(app.lastUsed()),
                            app.cut() == null ? null : when.format(app.cut())))
                    .toList();
        } catch (WebApplicationException | ProcessingException e) {
            // Keycloak's account API down or refusing: the agenda still shows, the list says it cannot be shown.
            appsUnavailable = true;
        }
        return Templates.page(locale.getLanguage(), serviceName, identity.getPrincipal().getName(), days(locale), apps,
                        appsUnavailable, LocalDate.now().toString())
                .setLocale(locale);
    }

    /** The list alone, which the page's script puts in place after a change. */
    @GET
    @Path("web/items")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance items() {
        Locale locale = PageLocale.of(headers);
        return Templates.items(days(locale)).setLocale(locale);
    }

    @POST
    @Path("web/items")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@FormParam("date") String date, @FormParam("text") String text,
                        @HeaderParam(SCRIPT_HEADER) String script) {
        agenda.create(owner(), new NewItem(Agenda.date("date", date), text, false));
        return answered(script);
    }

    @POST
    @Path("web/items/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response edit(@PathParam("id") long id, @FormParam("date") String date, @FormParam("text") String text,
                         @FormParam("done") String done, @HeaderParam(SCRIPT_HEADER) String script) {
        agenda.update(owner(), id, new ItemChanges(Agenda.date("date", date), text, done == null ? null : "true".equals(done)));
        return answered(script);
    }

    @POST
    @Path("web/items/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id, @HeaderParam(SCRIPT_HEADER) String script) {
        agenda.delete(owner(), id);
        return answered(script);
    }

    /** Takes an app's access back: its consent and offline tokens (Keycloak's account API, as the user). */
    @POST
    @Path("web/apps/disconnect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disconnect(@FormParam("clientId") String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return Problem.invalidRequest(List.of(new Problem.FieldError("clientId", "is required")));
        }
        try {
            connectedApps.disconnect(accessToken.getToken(), clientId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() >= 500) {
                throw Problem.badGateway("The sign-in server could not take the app's access back; try again shortly.");
            }
            return Problem.invalidRequest(List.of(new Problem.FieldError("clientId", "is not an app connected to your agenda")));
        }
        return Response.seeOther(URI.create("/")).build();
    }

    /**
     * Signs the user out of the page and of Keycloak. Only a form post with both anti-forgery tokens: a link or an
     * image on another site cannot end the user's sessions. The page's session cookie goes, then Keycloak's
     * end-session endpoint ends the Keycloak session (the ID token as the hint, so it asks nothing) and sends the
     * browser back to the page, which asks for a sign-in.
     */
    @POST
    @Path("web/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(@Context UriInfo uri) {
        String endSession = urls.realm() + "/protocol/openid-connect/logout?client_id=" + encoded(webClientId)
                + "&post_logout_redirect_uri=" + encoded(uri.getBaseUriBuilder().replacePath("/").build().toString())
                + "&id_token_hint=" + encoded(idToken.getRawToken());
        return oidcSession.logout().replaceWith(() -> Response.seeOther(URI.create(endSession)).build());
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A server-sent event {@code changed} whenever this user's agenda may have changed, through any door and on
     * any instance; a comment every 20 s keeps proxies from closing a quiet stream.
     */
    @GET
    @Path("web/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> events() {
        Multi<String> keepAlive = Multi.createFrom().ticks().every(Duration.ofSeconds(20)).map(tick -> "keep-alive");
        return Multi.createBy().merging().streams(feed.of(owner()), keepAlive);
    }

    private String owner() {
        return Agenda.ownerOf(identity);
    }

    private List<AgendaDays.Day> days(Locale locale) {
        List<ItemView> items = agenda.list(owner(), null, null);
        return AgendaDays.of(items, locale);
    }

    /** The script gets 204 and reloads the list itself; a plain form goes back to the page. */
    private static Response answered(String script) {
        return script != null ? Response.noContent().build() : Response.seeOther(URI.create("/")).build();
    }
}
