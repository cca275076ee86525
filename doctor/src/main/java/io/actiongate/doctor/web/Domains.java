package io.actiongate.doctor.web;

import com.google.common.net.InternetDomainName;
import java.net.URI;
import java.util.Optional;

/**
 * ChatGPT's domain rule: every host of an OAuth flow shares the API's root domain. "Root domain" is the registrable
 * domain of the public suffix list (auth.example.co.uk and api.example.co.uk share example.co.uk; two *.github.io
 * sites do not), which Guava keeps up to date.
 */
public final class Domains {

    private Domains() {
    }

    /** The URL's registrable domain, or empty for an IP address, localhost, or a name under no public suffix. */
    public static Optional<String> registrable(String url) {
        try {
            String host = URI.create(url).getHost();
            if (host == null || !InternetDomainName.isValid(host)) {
                return Optional.empty();
            }
            InternetDomainName name = InternetDomainName.from(host);
            return name.isUnderPublicSuffix() ? Optional.of(name.topPrivateDomain().toString()) : Optional.empty();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    public static boolean https(String url) {
        try {
            return "https".equalsIgnoreCase(URI.create(url).getScheme()) && URI.create(url).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The URL's origin (scheme, host, port), without a trailing slash. */
    public static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
