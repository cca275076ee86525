package io.actiongate.keycloak;

/** Client attributes that make a Keycloak client a GPT client; defined once, used by the realm and the providers. */
public final class GptClientAttributes {

    /** {@code "true"} on GPT clients; the realm's client policy binds the ChatGPT profile to clients with it. */
    public static final String GPT_CLIENT = "actiongate.gpt-client";

    /** The client's approved callbacks: entries separated by commas (see CallbackAllowList). */
    public static final String CALLBACKS = "actiongate.callbacks";

    private GptClientAttributes() {
    }
}
