package io.actiongate.keycloak.connectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpHeaders;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.MessageConstraints;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.BasicHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;

/**
 * One GET of a client ID metadata document, the only request Keycloak makes to a URL someone else chose, so it is
 * held to rules an attacker cannot bend: https only, through Keycloak's truststore; the host's addresses must be
 * public unless the listed entry names the address itself ({@link MetadataHosts}), checked on the addresses the
 * connection then uses (no second DNS answer); no redirects followed, no proxy, no cookies; a deadline for the whole
 * exchange, and a body limit.
 */
final class MetadataDocumentFetch {

    /** What a 200 brought: its {@code Cache-Control} and the body, complete and within the limit. */
    record Fetched(String cacheControl, byte[] body) {
    }

    /** A fetch that was refused or failed, with the reason for the builder (no URL beyond the document's). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "actiongate-metadata-fetch-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final SSLContext tls;
    private final Duration deadline;
    private final long maxBytes;

    MetadataDocumentFetch(SSLContext tls, Duration deadline, long maxBytes) {
        this.tls = tls;
        this.deadline = deadline;
        this.maxBytes = maxBytes;
    }

    /** @param mayBePrivate the listed entry names a private address itself, so it may resolve to one */
    Fetched get(URI url, boolean mayBePrivate) throws Refused {
        int millis = (int) deadline.toMillis();
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                .setConnectionRequestTimeout(millis).setRedirectsEnabled(false).build();
        var connections = new BasicHttpClientConnectionManager(RegistryBuilder.<ConnectionSocketFactory>create()
                .register("https", new SSLConnectionSocketFactory(tls, new String[]{"TLSv1.3", "TLSv1.2"}, null,
                        SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                .build(), null, null, publicAddressesOnly(mayBePrivate));
        // A document's answer is small: bounded header count and line length, not only the body.
        connections.setConnectionConfig(ConnectionConfig.custom().setMessageConstraints(MessageConstraints.custom()
                .setMaxHeaderCount(50).setMaxLineLength(8192).build()).build());
        HttpGet get = new HttpGet(url);
        get.setHeader(HttpHeaders.ACCEPT, "application/json");
        ScheduledFuture<?> abort = DEADLINES.schedule(get::abort, millis, TimeUnit.MILLISECONDS);
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(connections)
                .setDefaultRequestConfig(timeouts).disableRedirectHandling().disableCookieManagement()
                .disableAutomaticRetries().setUserAgent("ActionGate (Keycloak) client metadata fetch").build()) {
            HttpResponse response = client.execute(get);
            int status = response.getStatusLine().getStatusCode();
            if (status >= 300 && status < 400) {
                throw new Refused("the document URL answered with a redirect (HTTP " + status
                        + "); redirects are not followed, serve the document at its client_id URL");
            }
            if (status != 200) {
                throw new Refused("the document URL answered HTTP " + status + " instead of 200");
            }
            Header cacheControl = response.getFirstHeader(HttpHeaders.CACHE_CONTROL);
            byte[] body = response.getEntity() == null ? new byte[0] : readAtMost(response.getEntity().getContent());
            return new Fetched(cacheControl == null ? null : cacheControl.getValue(), body);
        } catch (NotPublic e) {
            throw new Refused(e.getMessage());
        } catch (SSLException e) {
            throw new Refused("the TLS connection failed (is the certificate trusted by Keycloak's truststore?)");
        } catch (IOException e) {
            throw new Refused(get.isAborted() ? "the document was not fetched within " + deadline.toSeconds() + " s"
                    : "the document could not be fetched (" + e.getClass().getSimpleName() + ")");
        } finally {
            abort.cancel(false);
        }
    }

    private byte[] readAtMost(InputStream body) throws IOException, Refused {
        try (body) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[2048];
            for (int n; (n = body.read(buffer)) != -1; ) {
                read.write(buffer, 0, n);
                if (read.size() > maxBytes) {
                    throw new Refused("the document is larger than " + maxBytes + " bytes");
                }
            }
            return read.toByteArray();
        }
    }

    private static DnsResolver publicAddressesOnly(boolean mayBePrivate) {
        return host -> {
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            if (!mayBePrivate) {
                for (InetAddress address : addresses) {
                    if (!isPublic(address)) {
                        throw new NotPublic("the host resolves to a private, loopback or link-local address ("
                                + address.getHostAddress() + "); list it by that address to allow it");
                    }
                }
            }
            return addresses;
        };
    }

    /**
     * A public unicast address: for IPv4 none of the special-purpose ranges (RFC 6890: this network, private,
     * shared, loopback, link-local, IETF protocol, documentation, benchmarking, multicast, reserved, broadcast); for
     * IPv6 only global unicast ({@code 2000::/3}), and where it carries an IPv4 address (IPv4-mapped and -compatible,
     * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}), that address must be public too.
     */
    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            Optional<byte[]> embedded = embeddedIpv4(bytes);
            if (embedded.isPresent()) {
                return isPublicIpv4(embedded.get());
            }
            return (bytes[0] & 0xe0) == 0x20 // 2000::/3, global unicast
                    && !((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x01 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8); // 2001:db8::/32
        }
        return isPublicIpv4(bytes);
    }

    private static Optional<byte[]> embeddedIpv4(byte[] v6) {
        boolean firstTenZero = IntStream.range(0, 10).allMatch(i -> v6[i] == 0);
        if (firstTenZero && ((v6[10] == 0 && v6[11] == 0) || ((v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff))) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16)); // ::a.b.c.d, ::ffff:a.b.c.d
        }
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b
                && IntStream.range(4, 12).allMatch(i -> v6[i] == 0);
        if (nat64) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16)); // 64:ff9b::a.b.c.d
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return Optional.of(Arrays.copyOfRange(v6, 2, 6)); // 2002:aabb:ccdd::
        }
        return Optional.empty();
    }

    private static boolean isPublicIpv4(byte[] v4) {
        int a = v4[0] & 0xff;
        int b = v4[1] & 0xff;
        int c = v4[2] & 0xff;
        return a != 0 && a != 10 && a != 127 && a < 224 // this network, private, loopback, multicast and above
                && !(a == 100 && b >= 64 && b < 128) // shared address space
                && !(a == 169 && b == 254) // link-local
                && !(a == 172 && b >= 16 && b < 32) && !(a == 192 && b == 168) // private
                && !(a == 192 && b == 0 && (c == 0 || c == 2)) // IETF protocol assignments, documentation
                && !(a == 198 && (b == 18 || b == 19)) // benchmarking
                && !(a == 198 && b == 51 && c == 100) && !(a == 203 && b == 0 && c == 113); // documentation
    }

    /** The resolver's refusal: an UnknownHostException to the HTTP client, so the connection is never opened. */
    private static final class NotPublic extends UnknownHostException {
        NotPublic(String message) {
            super(message);
        }
    }
}
