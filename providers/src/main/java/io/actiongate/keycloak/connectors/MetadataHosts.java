package io.actiongate.keycloak.connectors;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The hosts whose client ID metadata documents Keycloak fetches ({@code MCP_CLIENT_METADATA_HOSTS}): comma-separated
 * {@code host} or {@code host:port} (443 when no port is given), compared exactly, no wildcards. A document on any
 * other host, or on the right host at another port, is refused before anything is fetched.
 *
 * <p>A listed name must resolve to public addresses only, so neither a DNS answer nor a rebinding can turn a listed
 * name into a request to the server's own network. An entry that is itself a private address (an IP literal, or
 * {@code localhost}) names that address explicitly, and may be fetched.
 */
public final class MetadataHosts {

    public static final String DEFAULT = "chatgpt.com";

    private static final Pattern ENTRY = Pattern.compile("(?<host>[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?|\\[[0-9a-f:.]+\\])(:(?<port>[0-9]{1,5}))?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    record Entry(String host, int port) {
        /** An IP literal or localhost: the admin named the address itself. */
        boolean namesAnAddress() {
            return host.equals("localhost") || host.startsWith("[") || IPV4.matcher(host).matches();
        }

        @Override
        public String toString() {
            return port == 443 ? host : host + ":" + port;
        }
    }

    private final Set<Entry> entries;

    private MetadataHosts(Set<Entry> entries) {
        this.entries = entries;
    }

    /** @throws IllegalArgumentException naming the entry that is not a host or host:port */
    public static MetadataHosts parse(String value) {
        String text = value == null || value.isBlank() ? DEFAULT : value;
        Set<Entry> entries = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String entry = part.strip().toLowerCase(Locale.ROOT);
            var matcher = ENTRY.matcher(entry);
            int port = matcher.matches() && matcher.group("port") != null ? Integer.parseInt(matcher.group("port")) : 443;
            if (!matcher.matches() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("MCP_CLIENT_METADATA_HOSTS has '" + part.strip()
                        + "', which is not a host or host:port (e.g. chatgpt.com or localhost:8443)");
            }
            entries.add(new Entry(matcher.group("host"), port));
        }
        return new MetadataHosts(Set.copyOf(entries));
    }

    /** The listed entry an https URL is on, or null: host and port must match an entry exactly (case included). */
    Entry entryOf(URI url) {
        if (!"https".equals(url.getScheme()) || url.getHost() == null) {
            return null;
        }
        Entry candidate = new Entry(url.getHost(), url.getPort() == -1 ? 443 : url.getPort());
        return entries.contains(candidate) ? candidate : null;
    }

    /** The listed host names without ports, for Keycloak's own same-domain checks. */
    List<String> hostNames() {
        return entries.stream().map(Entry::host).distinct().toList();
    }

    @Override
    public String toString() {
        return String.join(",", entries.stream().map(Entry::toString).sorted().toList());
    }
}
