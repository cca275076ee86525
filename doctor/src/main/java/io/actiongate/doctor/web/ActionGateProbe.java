package io.actiongate.doctor.web;

/**
 * Tells an ActionGate realm from any other OAuth server, so a fix can be given in ActionGate's settings or in plain
 * OAuth terms. ActionGate's JSON token endpoint ({@code {issuer}/chatgpt/token}) names the two content types it
 * reads when it gets another; a stock Keycloak answers 404 there, and a catch-all page does not say this.
 */
public final class ActionGateProbe {

    private ActionGateProbe() {
    }

    public static boolean isActionGate(Web web, String issuer) {
        if (issuer == null || issuer.isBlank()) {
            return false;
        }
        try {
            Web.Answer answer = web.post(stripSlash(issuer) + "/chatgpt/token", "text/plain", "");
            return answer.status() == 400 && answer.json().map(json -> json.path("error_description").asText())
                    .orElse("").contains("application/json or application/x-www-form-urlencoded");
        } catch (Web.Unreachable e) {
            return false;
        }
    }

    public static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
