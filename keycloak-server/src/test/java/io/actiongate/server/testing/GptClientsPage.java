package io.actiongate.server.testing;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The admin console's "GPT clients" page through the REST calls the console itself makes: its entries are
 * components of type UiPageProvider, provider {@value #PROVIDER_ID}, keyed by their client's ID.
 */
public final class GptClientsPage {

    public static final String PROVIDER_ID = "gpt-clients";
    private static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    private final KeycloakAdmin admin;

    public GptClientsPage(KeycloakAdmin admin) {
        this.admin = admin;
    }

    /** The entry of {@code clientId}: its id, name, config. Fails when there is none. */
    public Map<String, Object> entry(String clientId) {
        List<Map<String, Object>> entries = admin.admin().queryParam("type", PAGE_TYPE)
                .queryParam("providerId", PROVIDER_ID).get(admin.realmAdminUrl() + "/components")
                .then().statusCode(200).extract().jsonPath().getList("");
        return entries.stream().filter(entry -> List.of(clientId).equals(config(entry).get("clientId")))
                .findFirst().orElseThrow(() -> new AssertionError("no entry for " + clientId + " in " + entries));
    }

    /**
     * The entry of {@code clientId} once {@code shows} holds for it. A burst of refusals reaches the page at the
     * page's next timer run (10 s), not one write per refusal; fails after 30 s.
     */
    public Map<String, Object> entryOnce(String clientId, Predicate<Map<String, Object>> shows) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        Map<String, Object> entry = entry(clientId);
        while (!shows.test(entry)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the entry of " + clientId + " never showed the change: " + entry);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            entry = entry(clientId);
        }
        return entry;
    }

    public boolean hasEntry(String clientId) {
        try {
            entry(clientId);
            return true;
        } catch (AssertionError none) {
            return false;
        }
    }

    /** Creates an entry as the console's "Create item" does; the response of the POST. */
    public Response create(Map<String, List<String>> config) {
        return admin.admin().body(Map.of("providerId", PROVIDER_ID, "providerType", PAGE_TYPE,
                "parentId", admin.realmId(), "config", config)).post(admin.realmAdminUrl() + "/components");
    }

    /** Saves {@code entry} with {@code changes} applied to its config, as the console's Save does. */
    public Response save(Map<String, Object> entry, Map<String, List<String>> changes) {
        Map<String, Object> edited = new HashMap<>(entry);
        Map<String, Object> config = new HashMap<>(config(entry));
        config.putAll(changes);
        edited.put("config", config);
        return admin.admin().body(edited).put(admin.realmAdminUrl() + "/components/" + entry.get("id"));
    }

    public Response delete(Map<String, Object> entry) {
        return admin.admin().delete(admin.realmAdminUrl() + "/components/" + entry.get("id"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, List<String>> config(Map<String, Object> entry) {
        return (Map<String, List<String>>) entry.get("config");
    }

    public static List<String> field(Map<String, Object> entry, String key) {
        return config(entry).getOrDefault(key, List.of());
    }

    /** The admin's error message of a refused save. */
    public static String error(Response refused) {
        JsonPath body = refused.then().extract().jsonPath();
        return body.getString("errorMessage");
    }
}
