package io.actiongate.keycloak.connectors;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.JSSETruststoreConfigurator;

/**
 * The node's budget for client ID metadata document fetches, which anyone can ask for by naming a URL on a listed
 * host: at most {@value #AT_ONCE} at a time (a request beyond that is refused at once, not queued), and a document
 * that failed is not fetched again for {@link #REMEMBER_FAILURE} (the same refusal is given). One TLS context,
 * from Keycloak's truststore, for all of them.
 */
final class MetadataFetches {

    static final int AT_ONCE = 8;
    static final Duration REMEMBER_FAILURE = Duration.ofSeconds(30);
    private static final int REMEMBERED = 1000;

    private record Failure(String reason, Instant until) {
    }

    private final Semaphore slots = new Semaphore(AT_ONCE);
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Duration deadline;
    private final long maxBytes;
    private volatile SSLContext tls;

    MetadataFetches(Duration deadline, long maxBytes) {
        this.deadline = deadline;
        this.maxBytes = maxBytes;
    }

    MetadataDocumentFetch.Fetched fetch(KeycloakSession session, URI url, boolean mayBePrivate, Instant now)
            throws MetadataDocumentFetch.Refused {
        Failure recent = failures.get(url.toString());
        if (recent != null && now.isBefore(recent.until())) {
            throw new MetadataDocumentFetch.Refused(recent.reason() + " (when last fetched, less than "
                    + REMEMBER_FAILURE.toSeconds() + " s ago; not fetched again yet)");
        }
        if (!slots.tryAcquire()) {
            throw new MetadataDocumentFetch.Refused("too many client metadata documents are being fetched at once; try again in a moment");
        }
        try {
            return new MetadataDocumentFetch(tls(session), deadline, maxBytes).get(url, mayBePrivate);
        } catch (MetadataDocumentFetch.Refused e) {
            failed(url, e.getMessage(), now);
            throw e;
        } finally {
            slots.release();
        }
    }

    /** Remembers that the document at {@code url} was refused, fetched or not (a document that is not JSON, say). */
    void failed(URI url, String reason, Instant now) {
        if (failures.size() >= REMEMBERED) {
            failures.values().removeIf(failure -> !now.isBefore(failure.until()));
            if (failures.size() >= REMEMBERED) {
                failures.clear();
            }
        }
        failures.put(url.toString(), new Failure(reason, now.plus(REMEMBER_FAILURE)));
    }

    private SSLContext tls(KeycloakSession session) throws MetadataDocumentFetch.Refused {
        SSLContext context = tls;
        if (context == null) {
            try {
                context = SSLContext.getInstance("TLS");
                context.init(null, new JSSETruststoreConfigurator(session).getTrustManagers(), null);
            } catch (GeneralSecurityException e) {
                throw new MetadataDocumentFetch.Refused("TLS is not available for the fetch");
            }
            tls = context;
        }
        return context;
    }
}
