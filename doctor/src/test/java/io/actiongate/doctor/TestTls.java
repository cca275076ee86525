package io.actiongate.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Real TLS for the test's public names: one key pair and certificate (made with the JDK's keytool) for
 * auth.example.com, api.example.com, api.example.net and tools.example.com, which Keycloak, the API and the test's
 * own server all serve; the failsafe JVM trusts it alone (javax.net.ssl.trustStore) and resolves those names to
 * loopback (jdk.net.hosts.file), both set in the pom. Made before anything in the JVM uses TLS.
 */
final class TestTls {

    static final String PASSWORD = "doctor-test";
    static final List<String> NAMES = List.of("auth.example.com", "api.example.com", "api.example.net", "tools.example.com");
    /** Resolves to loopback like the others, but the certificate does not name it: a certificate for another host. */
    static final String UNCERTIFIED = "uncertified.example.com";
    private static final Path DIR = Paths.get(System.getProperty("javax.net.ssl.trustStore", "target/doctor-tls/trust.p12")).getParent();

    private TestTls() {
    }

    /** The server key store (PKCS12, alias server), made once per run; the trust store and hosts file beside it. */
    static synchronized Path keyStore() {
        Path keyStore = DIR.resolve("server.p12");
        try {
            Path hosts = Paths.get(System.getProperty("jdk.net.hosts.file", "target/doctor-hosts"));
            Files.createDirectories(hosts.toAbsolutePath().getParent());
            Files.writeString(hosts, "127.0.0.1 localhost " + String.join(" ", NAMES) + " " + UNCERTIFIED + "\n");
            if (Files.exists(keyStore) && Files.exists(DIR.resolve("trust.p12"))) {
                return keyStore;
            }
            Files.createDirectories(DIR);
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(DIR.resolve("trust.p12"));
            String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
            String san = "SAN=" + String.join(",", NAMES.stream().map(name -> "dns:" + name).toList()) + ",dns:localhost";
            run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                    "-dname", "CN=auth.example.com", "-ext", san, "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            Path certificate = DIR.resolve("server.crt");
            run(keytool, "-exportcert", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                    "-file", certificate.toString());
            run(keytool, "-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
                    "-keystore", DIR.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            return keyStore;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
