package io.actiongate.server.testing;

/** ChatGPT callback URLs the tests use. */
public final class TestCallbacks {

    /** The GPT approved in the test realm (GPT_CALLBACKS). */
    public static final String APPROVED_GPT_ID = "g-actiongatetest01";
    public static final String APPROVED = "https://chatgpt.com/aip/" + APPROVED_GPT_ID + "/oauth/callback";

    /** A plugin-era callback, also approved in the test realm. */
    public static final String APPROVED_PLUGIN_ID = "plugin-5e0b7c1a-2f3d-4a6b-9c8d-7e6f5a4b3c2d";
    public static final String APPROVED_PLUGIN = "https://chat.openai.com/aip/" + APPROVED_PLUGIN_ID + "/oauth/callback";

    /** GPT_CALLBACKS of the test realm. */
    public static final String APPROVED_ENTRIES = APPROVED + "," + APPROVED_PLUGIN_ID;

    private TestCallbacks() {
    }
}
