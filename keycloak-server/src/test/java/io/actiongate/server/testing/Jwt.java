package io.actiongate.server.testing;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Reads a JWT's claims for assertions; signatures are checked by the servers under test, not here. */
public final class Jwt {

    private Jwt() {
    }

    /** The {@code aud} claim, which is a string for one audience and an array for several. */
    public static List<String> audiences(String jwt) {
        Object aud = claims(jwt).get("aud");
        if (aud == null) {
            return List.of();
        }
        return aud instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
    }

    public static JsonPath claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialization");
        }
        return new JsonPath(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }
}
