package io.actiongate.keycloak.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.oidc.OIDCClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/** The pure parts of client ID metadata documents: the hosts list, the address rule, reading and limits. */
class MetadataDocumentTest {

    private static final String CHATGPTS_DOCUMENT = "{\"client_id\":\"https://chatgpt.com/oauth/IbUR3zxyNQ16/client.json\",\"client_uri\":\"https://chatgpt.com/\",\n"
            + " \"redirect_uris\":[\"https://chatgpt.com/connector/oauth/IbUR3zxyNQ16\"],\n"
            + " \"token_endpoint_auth_method\":\"private_key_jwt\",\"token_endpoint_auth_methods_supported\":[\"none\",\"private_key_jwt\"],\n"
            + " \"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],\"client_name\":\"ChatGPT\",\n"
            + " \"token_endpoint_auth_signing_alg\":\"RS256\",\"jwks_uri\":\"https://chatgpt.com/oauth/jwks.json\"}";
    private static final URI CHATGPTS_URL = URI.create("https://chatgpt.com/oauth/IbUR3zxyNQ16/client.json");
    private static final List<String> SCOPES = List.of("agenda:read", "agenda:write");

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null                         | https://chatgpt.com/oauth/x/client.json       | chatgpt.com",
            "chatgpt.com                  | https://chatgpt.com:443/oauth/x/client.json   | chatgpt.com",
            "chatgpt.com                  | https://CHATGPT.com/oauth/x/client.json       | null",
            "chatgpt.com                  | https://chatgpt.com:8443/oauth/x/client.json  | null",
            "chatgpt.com                  | http://chatgpt.com/oauth/x/client.json        | null",
            "chatgpt.com                  | https://evil.chatgpt.com/oauth/x/client.json  | null",
            "chatgpt.com                  | https://chatgpt.com.evil.example/x.json       | null",
            "'chatgpt.com, localhost:8443' | https://localhost:8443/oauth/x/client.json   | localhost:8443",
            "'chatgpt.com, localhost:8443' | https://localhost/oauth/x/client.json        | null",
            "127.0.0.1:9443               | https://127.0.0.1:9443/x.json                 | 127.0.0.1:9443",
    })
    void aDocumentUrlMustBeOnAListedHostAndPort(String setting, String url, String entry) {
        MetadataHosts.Entry found = MetadataHosts.parse(setting).entryOf(URI.create(url));
        assertThat(found == null ? null : found.toString()).isEqualTo(entry);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.chatgpt.com", "https://chatgpt.com", "chatgpt.com/oauth", "chatgpt.com:99999", "chat gpt.com", "chatgpt.com:"})
    void aBadHostsEntryStopsTheStartNamingIt(String setting) {
        assertThatThrownBy(() -> MetadataHosts.parse(setting)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(setting.strip()).hasMessageContaining("MCP_CLIENT_METADATA_HOSTS");
    }

    @Test
    void onlyAnEntryThatIsAnAddressMayResolveToAPrivateOne() {
        MetadataHosts hosts = MetadataHosts.parse("chatgpt.com,localhost:8443,127.0.0.1:9443,[::1]:9443,rebind.test");
        assertThat(hosts.entryOf(URI.create("https://localhost:8443/x")).namesAnAddress()).isTrue();
        assertThat(hosts.entryOf(URI.create("https://127.0.0.1:9443/x")).namesAnAddress()).isTrue();
        assertThat(hosts.entryOf(URI.create("https://[::1]:9443/x")).namesAnAddress()).isTrue();
        assertThat(hosts.entryOf(URI.create("https://chatgpt.com/x")).namesAnAddress()).isFalse();
        assertThat(hosts.entryOf(URI.create("https://rebind.test/x")).namesAnAddress()).isFalse();
    }

    @ParameterizedTest(name = "{0}: public {1}")
    @CsvSource({
            "104.18.32.47, true", "2606:4700::6812:202f, true", "8.8.8.8, true",
            "127.0.0.1, false", "127.1.2.3, false", "::1, false", "10.0.0.1, false", "172.16.5.4, false",
            "192.168.1.1, false", "169.254.169.254, false", "fe80::1, false", "fc00::1, false", "fd12:3456::1, false",
            "100.64.0.1, false", "0.0.0.0, false", "224.0.0.1, false", "::ffff:127.0.0.1, false", "192.0.0.8, false",
            "198.18.0.1, false", "240.0.0.1, false", "255.255.255.255, false", "192.0.2.1, false", "203.0.113.9, false",
    })
    void privateAddressesAreRefused(String address, boolean isPublic) throws UnknownHostException {
        assertThat(MetadataDocumentFetch.isPublic(InetAddress.getByName(address))).isEqualTo(isPublic);
    }

    /** IPv6 forms that carry an IPv4 address, built as such (getByName would turn some into IPv4 addresses). */
    @ParameterizedTest(name = "{0}: public {1}")
    @CsvSource({
            "0000:0000:0000:0000:0000:ffff:7f00:0001, false", "0000:0000:0000:0000:0000:0000:7f00:0001, false",
            "0064:ff9b:0000:0000:0000:0000:0a00:0001, false", "2002:c0a8:0101:0000:0000:0000:0000:0001, false",
            "0000:0000:0000:0000:0000:ffff:0808:0808, true", "2002:0808:0808:0000:0000:0000:0000:0001, true",
            "2001:0db8:0000:0000:0000:0000:0000:0001, false", "3fff:0000:0000:0000:0000:0000:0000:0001, true",
    })
    void ipv6FormsCarryingAnIpv4AddressAreJudgedByIt(String hex, boolean isPublic) throws UnknownHostException {
        byte[] bytes = new byte[16];
        String[] groups = hex.split(":");
        for (int i = 0; i < 8; i++) {
            int group = Integer.parseInt(groups[i], 16);
            bytes[2 * i] = (byte) (group >> 8);
            bytes[2 * i + 1] = (byte) group;
        }
        assertThat(MetadataDocumentFetch.isPublic(java.net.Inet6Address.getByAddress(null, bytes, -1))).isEqualTo(isPublic);
    }

    @Test
    void chatGptsDocumentIsReadAsPublishedAndWithinTheLimits() throws ClientPolicyException {
        OIDCClientRepresentation document = MetadataDocumentExecutor.read(CHATGPTS_DOCUMENT.getBytes(StandardCharsets.UTF_8));

        assertThat(document.getClientId()).isEqualTo(CHATGPTS_URL.toString());
        assertThat(document.getTokenEndpointAuthMethod()).isEqualTo("private_key_jwt");
        assertThat(document.getJwksUri()).isEqualTo("https://chatgpt.com/oauth/jwks.json");
        MetadataDocumentExecutor.checkConnectorLimits(CHATGPTS_URL, document, SCOPES);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[1]                                   | is not a JSON object",
            "not json                              | is not JSON",
            "'{\"redirect_uris\":\"https://x\"}'   | redirect_uris has the wrong type",
    })
    void aDocumentThatIsNotClientMetadataIsRefused(String body, String reason) {
        assertThatThrownBy(() -> MetadataDocumentExecutor.read(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ClientPolicyException.class).extracting(e -> ((ClientPolicyException) e).getErrorDetail())
                .asString().contains(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"redirect_uris\":[\"https://chatgpt.com/connector/oauth/IbUR3zxyNQ16\"] | \"redirect_uris\":[\"https://chatgpt.com/aip/g-1/oauth/callback\"] | connector callbacks",
            "\"redirect_uris\":[\"https://chatgpt.com/connector/oauth/IbUR3zxyNQ16\"] | \"redirect_uris\":[]                                           | redirect_uris is missing",
            "\"refresh_token\"]                                                       | \"refresh_token\",\"client_credentials\"]                       | grant_types may only be",
            "\"refresh_token\"]                                                       | \"refresh_token\",\"implicit\"]                                 | grant_types may only be",
            "\"response_types\":[\"code\"]                                            | \"response_types\":[\"code\",\"token\"]                         | response_types may only be code",
            "\"token_endpoint_auth_method\":\"private_key_jwt\"                        | \"token_endpoint_auth_method\":\"client_secret_post\"            | must be none or private_key_jwt",
            "\"token_endpoint_auth_method\":\"private_key_jwt\"                        | \"token_endpoint_auth_method\":\"tls_client_auth\"               | must be none or private_key_jwt",
            "https://chatgpt.com/oauth/jwks.json                                      | https://keys.example/jwks.json                                | jwks_uri on the document's own host",
            "https://chatgpt.com/oauth/jwks.json                                      | https://chatgpt.com:8443/oauth/jwks.json                      | jwks_uri on the document's own host",
            "https://chatgpt.com/oauth/jwks.json                                      | http://chatgpt.com/oauth/jwks.json                            | jwks_uri on the document's own host",
            "\"client_name\":\"ChatGPT\"                                               | \"client_name\":\"ChatGPT\",\"jwks\":{\"keys\":[]}             | the document's jwks is not accepted",
            "\"client_name\":\"ChatGPT\"                                               | \"client_name\":\"ChatGPT\",\"sector_identifier_uri\":\"https://chatgpt.com/s\" | the document's sector_identifier_uri is not accepted",
            "\"client_name\":\"ChatGPT\"                                               | \"client_name\":\"ChatGPT\",\"scope\":\"agenda:read email\"    | scope 'email' is not offered",
            "\"client_name\":\"ChatGPT\"                                               | \"client_name\":\"ChatGPT\",\"request_object_signing_alg\":\"none\" | the document's request_object_signing_alg is not accepted",
            "\"client_name\":\"ChatGPT\"                                               | \"client_name\":\"ChatGPT\",\"id_token_encrypted_response_alg\":\"RSA-OAEP\" | the document's id_token_encrypted_response_alg is not accepted",
            "\"client_name\":\"ChatGPT\"                                               | \"client_name\":\"ChatGPT\",\"backchannel_logout_uri\":\"https://chatgpt.com/x\" | the document's backchannel_logout_uri is not accepted",
            "\"redirect_uris\":[\"https://chatgpt.com/connector/oauth/IbUR3zxyNQ16\"] | \"redirect_uris\":[null]                                       | connector callbacks",
            "\"grant_types\":[\"authorization_code\",\"refresh_token\"]              | \"grant_types\":[null]                                         | grant_types may only be",
            "\"response_types\":[\"code\"]                                            | \"response_types\":[null]                                      | response_types may only be code",
            "\"client_name\":\"ChatGPT\"                                               | \"client_name\":\"ChatGPT\",\"redirect_uris\":[\"https://x/<b>\"] | ?b?' is not one",
    })
    void aDocumentBeyondAConnectorsLimitsIsRefused(String published, String changed, String reason) {
        String hostile = CHATGPTS_DOCUMENT.replace(published, changed);
        assertThat(hostile).as("the row changes the document").isNotEqualTo(CHATGPTS_DOCUMENT);

        assertThatThrownBy(() -> MetadataDocumentExecutor.checkConnectorLimits(CHATGPTS_URL,
                MetadataDocumentExecutor.read(hostile.getBytes(StandardCharsets.UTF_8)), SCOPES))
                .isInstanceOf(ClientPolicyException.class).extracting(e -> ((ClientPolicyException) e).getErrorDetail())
                .asString().startsWith("Client metadata document refused: ").contains(reason);
    }

    @Test
    void aPublicDocumentsKeysAreDroppedSoKeycloakNeverFetchesThem() throws ClientPolicyException {
        OIDCClientRepresentation document = MetadataDocumentExecutor.read(CHATGPTS_DOCUMENT
                .replace("\"token_endpoint_auth_method\":\"private_key_jwt\"", "\"token_endpoint_auth_method\":\"none\"")
                .getBytes(StandardCharsets.UTF_8));
        MetadataDocumentExecutor.checkConnectorLimits(CHATGPTS_URL, document, SCOPES);
        MetadataDocumentExecutor.dropUnusedKeys(document);
        assertThat(document.getJwksUri()).isNull();

        OIDCClientRepresentation signed = MetadataDocumentExecutor.read(CHATGPTS_DOCUMENT.getBytes(StandardCharsets.UTF_8));
        MetadataDocumentExecutor.dropUnusedKeys(signed);
        assertThat(signed.getJwksUri()).as("private_key_jwt keeps its keys").isEqualTo("https://chatgpt.com/oauth/jwks.json");
    }

    @Test
    void aPublicDocumentNeedsNoKeysAndMayAskForTheConnectorScopes() throws ClientPolicyException {
        String published = CHATGPTS_DOCUMENT.replace("\"token_endpoint_auth_method\":\"private_key_jwt\"", "\"token_endpoint_auth_method\":\"none\"")
                .replace(",\"jwks_uri\":\"https://chatgpt.com/oauth/jwks.json\"", ",\"scope\":\"agenda:read agenda:write offline_access\"");
        MetadataDocumentExecutor.checkConnectorLimits(CHATGPTS_URL, MetadataDocumentExecutor.read(published.getBytes(StandardCharsets.UTF_8)), SCOPES);
    }
}
