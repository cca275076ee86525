package io.actiongate.server.testing;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values the realm import's placeholders and Keycloak's bootstrap admin take, as environment variables
 * (the same names bin/start sets; see docs/configuration.md).
 */
public record RealmSettings(String clientId, String clientSecret, String callbacks, String demoUser,
                           String demoPassword, String adminUser, String adminPassword, String webClientSecret) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh secrets for one test run, with the given approved callbacks (GPT_CALLBACKS). */
    public static RealmSettings forTests(String approvedCallbacks) {
        return new RealmSettings("agenda-gpt", randomSecret(), approvedCallbacks, "demo", randomSecret(),
                "admin", randomSecret(), randomSecret());
    }

    /** The same settings with another bootstrap admin (a server whose master realm already has one keeps it). */
    public RealmSettings withAdmin(String user, String password) {
        return new RealmSettings(clientId, clientSecret, callbacks, demoUser, demoPassword, user, password, webClientSecret);
    }

    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GPT_CLIENT_ID", clientId);
        env.put("GPT_CLIENT_SECRET", clientSecret);
        env.put("GPT_CALLBACKS", callbacks);
        env.put("DEMO_USER", demoUser);
        env.put("DEMO_PASSWORD", demoPassword);
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUser);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.put("WEB_CLIENT_SECRET", webClientSecret);
        return env;
    }

    public static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
