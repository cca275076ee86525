package io.actiongate.agenda.google;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API tells about the user's Google link: facts only, never a token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "GoogleLink", description = "The signed-in user's link to Google, without any token.")
public record GoogleLink(
        @Schema(description = "The identity provider's alias in Keycloak.", examples = "google") String provider,
        @Schema(description = "Always true here: without a link the API answers 409.") boolean linked,
        @Schema(description = "The scopes Google granted.") List<String> scopes,
        @Schema(description = "When the stored access token expires (Keycloak refreshes it when asked after that, if Google gave a refresh token).")
        Instant accessTokenExpiresAt,
        @Schema(description = "Whether Google gave a refresh token, so access can continue without the user.") boolean refreshable) {

    /** Reads Keycloak's stored token response; only non-secret fields are kept. */
    static GoogleLink from(String provider, JsonNode stored) {
        List<String> scopes = stored.hasNonNull("scope")
                ? Arrays.stream(stored.get("scope").asText().split(" ")).filter(s -> !s.isBlank()).sorted().toList()
                : List.of();
        Instant expiresAt = stored.hasNonNull("accessTokenExpiration") && stored.get("accessTokenExpiration").asLong() > 0
                ? Instant.ofEpochSecond(stored.get("accessTokenExpiration").asLong())
                : null;
        return new GoogleLink(provider, true, scopes, expiresAt, stored.hasNonNull("refresh_token"));
    }
}
