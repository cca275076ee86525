package io.actiongate.keycloak;

/** Client attributes that make a Keycloak client a GPT client; defined once, used by the realm and the providers. */
public final class GptClientAttributes {

    /**
     * {@code "true"} on GPT clients (console page, preset). The allow-list covers them and every other client whose
     * redirect URIs could reach ChatGPT (see the {@code chatgpt-client} condition).
     */
    public static final String GPT_CLIENT = "actiongate.gpt-client";

    /** The client's approved callbacks: entries separated by commas (see CallbackAllowList). */
    public static final String CALLBACKS = "actiongate.callbacks";

    /**
     * On MCP connector clients: how the client came to be ({@code dcr}: it registered itself anonymously; {@code cimd}:
     * made from its client ID metadata document; {@code predefined}: the realm's connector client). The
     * allow-list covers them like every client with ChatGPT redirect URIs.
     */
    public static final String CONNECTOR = "actiongate.connector";

    /**
     * On connector clients made from a client ID metadata document: the listed host ({@code host} or
     * {@code host:port}) the document was fetched from, which the consent page names.
     */
    public static final String METADATA_HOST = "actiongate.metadata-host";

    /**
     * {@code "true"}: the client's refresh tokens rotate like a connector's (see the rotation package). Public
     * ChatGPT clients rotate whatever it says; on a confidential GPT client an admin turns it on (console page).
     */
    public static final String ROTATE_REFRESH_TOKENS = "actiongate.rotate-refresh-tokens";

    private GptClientAttributes() {
    }
}
