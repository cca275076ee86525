package io.actiongate.server.testing;

/** ChatGPT callback URLs the tests use. */
public final class TestCallbacks {

    /** The GPT approved in the test realm (GPT_CALLBACKS). */
    public static final String APPROVED_GPT_ID = "g-actiongatetest01";
    public static final String APPROVED = "https://chatgpt.com/aip/" + APPROVED_GPT_ID + "/oauth/callback";

    private TestCallbacks() {
    }
}
