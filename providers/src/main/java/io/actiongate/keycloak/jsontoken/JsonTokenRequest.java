package io.actiongate.keycloak.jsontoken;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a plugin-era JSON token request ({@code {"grant_type": "...", "code": "...", ...}}) into the form
 * parameters Keycloak's token endpoint expects. Strict: one JSON object of string fields, no field twice, at
 * most {@value #MAX_BYTES} bytes.
 */
final class JsonTokenRequest {

    static final int MAX_BYTES = 16 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Why a body cannot be a token request; the message is the {@code error_description}. */
    static final class InvalidBodyException extends Exception {
        private final boolean tooLarge;

        InvalidBodyException(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        boolean tooLarge() {
            return tooLarge;
        }
    }

    private JsonTokenRequest() {
    }

    static MultivaluedMap<String, String> read(InputStream body) throws InvalidBodyException {
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidBodyException("The request body could not be read", false);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidBodyException("The request body is larger than " + MAX_BYTES + " bytes", true);
        }
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidBodyException("The request body must be a JSON object", false);
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    throw new InvalidBodyException("Field '" + field + "' must be a string", false);
                }
                form.putSingle(field, parser.getText());
            }
            if (parser.nextToken() != null) {
                throw new InvalidBodyException("Nothing may follow the JSON object", false);
            }
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage(); // e.g. "Duplicate field 'code'"
            throw new InvalidBodyException(message != null && message.startsWith("Duplicate field")
                    ? message : "The request body is not valid JSON", false);
        } catch (IOException e) {
            throw new InvalidBodyException("The request body is not valid JSON", false);
        }
        return form;
    }
}
