package io.actiongate.keycloak.jsontoken;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request's headers, except that the body is declared a form ({@code application/x-www-form-urlencoded}). */
final class FormContentTypeHeaders implements HttpHeaders {

    private final HttpHeaders delegate;

    FormContentTypeHeaders(HttpHeaders delegate) {
        this.delegate = delegate;
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.APPLICATION_FORM_URLENCODED_TYPE;
    }

    @Override
    public List<String> getRequestHeader(String name) {
        return CONTENT_TYPE.equalsIgnoreCase(name) ? List.of(MediaType.APPLICATION_FORM_URLENCODED) : delegate.getRequestHeader(name);
    }

    @Override
    public String getHeaderString(String name) {
        return CONTENT_TYPE.equalsIgnoreCase(name) ? MediaType.APPLICATION_FORM_URLENCODED : delegate.getHeaderString(name);
    }

    @Override
    public MultivaluedMap<String, String> getRequestHeaders() {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        delegate.getRequestHeaders().forEach((name, values) -> {
            if (!CONTENT_TYPE.equalsIgnoreCase(name)) {
                headers.put(name, values);
            }
        });
        headers.putSingle(CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED);
        return headers;
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
        return delegate.getAcceptableMediaTypes();
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
        return delegate.getAcceptableLanguages();
    }

    @Override
    public Locale getLanguage() {
        return delegate.getLanguage();
    }

    @Override
    public Map<String, Cookie> getCookies() {
        return delegate.getCookies();
    }

    @Override
    public Date getDate() {
        return delegate.getDate();
    }

    @Override
    public int getLength() {
        return delegate.getLength();
    }
}
