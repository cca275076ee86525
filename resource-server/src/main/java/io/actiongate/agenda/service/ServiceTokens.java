package io.actiongate.agenda.service;

import io.actiongate.agenda.plugin.PluginConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's service-level tokens ({@code SERVICE_TOKENS}, comma-separated: two at once during a rotation),
 * accepted when the plugin manifest's mode is {@code service_http}. Compared in constant time, as digests;
 * never logged.
 */
@Startup
@ApplicationScoped
public class ServiceTokens {

    private final List<byte[]> digests;

    ServiceTokens(PluginConfig plugin, @ConfigProperty(name = "agenda.service-tokens") Optional<List<String>> tokens) {
        boolean enabled = plugin.authType() == PluginConfig.AuthType.service_http;
        List<String> configured = tokens.orElse(List.of()).stream().map(String::trim).filter(token -> !token.isEmpty()).toList();
        if (enabled && configured.isEmpty()) {
            throw new IllegalStateException("PLUGIN_AUTH_TYPE=service_http needs SERVICE_TOKENS (one token, or two during a rotation)");
        }
        if (enabled && configured.stream().anyMatch(token -> token.length() < 16)) {
            throw new IllegalStateException("Each of SERVICE_TOKENS must be at least 16 characters long");
        }
        this.digests = enabled ? configured.stream().map(ServiceTokens::digest).toList() : List.of();
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    /** Whether {@code candidate} is one of the tokens; takes the same time whichever token (if any) it matches. */
    public boolean matches(String candidate) {
        byte[] presented = digest(candidate);
        boolean match = false;
        for (byte[] accepted : digests) {
            match |= MessageDigest.isEqual(accepted, presented);
        }
        return match;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
