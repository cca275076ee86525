package io.actiongate.keycloak.jsontoken;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.security.cert.X509Certificate;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/** The request as Keycloak's token endpoint reads it, with the form parameters taken from a JSON body. */
final class FormParametersRequest implements HttpRequest {

    private final HttpRequest delegate;
    private final MultivaluedMap<String, String> formParameters;

    FormParametersRequest(HttpRequest delegate, MultivaluedMap<String, String> formParameters) {
        this.delegate = delegate;
        this.formParameters = formParameters;
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return formParameters;
    }

    @Override
    public String getHttpMethod() {
        return delegate.getHttpMethod();
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return delegate.getMultiPartFormParameters();
    }

    /** The headers with a form content type: client authenticators read form parameters only from forms. */
    @Override
    public HttpHeaders getHttpHeaders() {
        return new FormContentTypeHeaders(delegate.getHttpHeaders());
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return delegate.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return delegate.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return delegate.isProxyTrusted();
    }
}
