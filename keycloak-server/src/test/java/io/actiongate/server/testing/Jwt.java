package io.actiongate.server.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTParser;
import io.restassured.path.json.JsonPath;
import java.text.ParseException;
import java.util.List;

/** Reads a JWT's claims for assertions (Nimbus); signatures are checked by the servers under test, not here. */
public final class Jwt {

    private Jwt() {
    }

    /** The {@code aud} claim, one audience or several. */
    public static List<String> audiences(String jwt) {
        try {
            List<String> audience = JWTParser.parse(jwt).getJWTClaimsSet().getAudience();
            return audience == null ? List.of() : List.copyOf(audience);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
        }
    }

    public static JsonPath claims(String jwt) {
        try {
            return new JsonPath(JSONObjectUtils.toJSONString(JWTParser.parse(jwt).getJWTClaimsSet().toJSONObject()));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
        }
    }
}
