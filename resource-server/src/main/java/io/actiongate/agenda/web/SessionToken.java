package io.actiongate.agenda.web;

import io.quarkus.oidc.IdToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A second anti-forgery token in every form of the page, bound to the user's sign-in: an HMAC of the Keycloak
 * session id ({@code sid} of the session's ID token). Quarkus's CSRF token is a double-submit value that any pair
 * of cookie and field passes, so a pair taken from the attacker's own session and planted in the victim's browser
 * would pass it; this one differs per session ({@link SessionTokenFilter} checks it on every write). The key is
 * the page's client secret ({@code WEB_CLIENT_SECRET}, which every API instance shares), under a label of its own.
 */
@Named("sessionToken")
@RequestScoped
public class SessionToken {

    /** The form field. */
    public static final String FIELD = "session-token";
    private static final String LABEL = "agenda-page session token:";
    /** Without a client secret (no sign-in configured, so no session either): a key of this process's own. */
    private static final byte[] FALLBACK_KEY = randomKey();

    @Inject
    @IdToken
    JsonWebToken idToken;

    @ConfigProperty(name = "quarkus.oidc.web.credentials.secret")
    Optional<String> clientSecret;

    public String getField() {
        return FIELD;
    }

    /** The token for this request's session; empty when the session names none (then no write passes). */
    public String getValue() {
        String sid = sessionId();
        return sid == null ? "" : tokenFor(key(), sid);
    }

    boolean matches(String presented) {
        String sid = sessionId();
        return sid != null && presented != null && MessageDigest.isEqual(
                tokenFor(key(), sid).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    private String sessionId() {
        try {
            Object sid = idToken == null ? null : idToken.getClaim("sid");
            return sid == null || sid.toString().isBlank() ? null : sid.toString();
        } catch (RuntimeException notSignedIn) {
            return null;
        }
    }

    private byte[] key() {
        return clientSecret.filter(secret -> !secret.isBlank()).map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                .orElse(FALLBACK_KEY);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    static String tokenFor(byte[] key, String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal((LABEL + sessionId).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
