package io.actiongate.keycloak.connectors;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * How ChatGPT's connectors may register themselves ({@code MCP_REGISTRATION}): {@code cimd}, {@code cimd,dcr},
 * {@code dcr} or {@code off}.
 */
public final class RegistrationModes {

    public enum Mode {
        /** Client ID metadata documents: the client_id is the URL of ChatGPT's published document. */
        CIMD,
        /** Anonymous dynamic client registration (RFC 7591), limited to ChatGPT's connector callbacks. */
        DCR
    }

    public static final String DEFAULT = "cimd";

    private final Set<Mode> modes;

    private RegistrationModes(Set<Mode> modes) {
        this.modes = modes;
    }

    /** @throws IllegalArgumentException naming the value and what is accepted */
    public static RegistrationModes parse(String value) {
        String text = value == null || value.isBlank() ? DEFAULT : value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("off")) {
            return new RegistrationModes(EnumSet.noneOf(Mode.class));
        }
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        for (String part : text.split("\\s*,\\s*")) {
            switch (part) {
                case "cimd" -> modes.add(Mode.CIMD);
                case "dcr" -> modes.add(Mode.DCR);
                default -> throw new IllegalArgumentException("MCP_REGISTRATION is '" + value
                        + "'; use cimd, cimd,dcr, dcr or off");
            }
        }
        return new RegistrationModes(modes);
    }

    public boolean allows(Mode mode) {
        return modes.contains(mode);
    }
}
