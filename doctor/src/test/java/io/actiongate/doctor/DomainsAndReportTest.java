package io.actiongate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.doctor.report.Check;
import io.actiongate.doctor.report.Report;
import io.actiongate.doctor.web.Domains;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pure parts: the root-domain rule on the public suffix list, and the report's lines and exit code. */
class DomainsAndReportTest {

    @Test
    void theRootDomainIsTheRegistrableDomainOfThePublicSuffixList() {
        assertThat(Domains.registrable("https://auth.example.com/realms/gpt")).hasValue("example.com");
        assertThat(Domains.registrable("https://api.example.co.uk:8443/x")).hasValue("example.co.uk");
        // Two sites on a public suffix are not one domain, and a loopback host or IP address is no domain at all.
        assertThat(Domains.registrable("https://alice.github.io")).hasValue("alice.github.io");
        assertThat(Domains.registrable("https://bob.github.io")).hasValue("bob.github.io");
        assertThat(Domains.registrable("https://localhost:8080")).isEmpty();
        assertThat(Domains.registrable("https://127.0.0.1")).isEmpty();
        assertThat(Domains.registrable("not a url")).isEmpty();
    }

    @Test
    void onlyHttpsWithAHostCountsAsHttps() {
        assertThat(Domains.https("https://api.example.com")).isTrue();
        assertThat(Domains.https("http://api.example.com")).isFalse();
        assertThat(Domains.https("https:///nohost")).isFalse();
    }

    @Test
    void eachCheckIsOneLineAndOnlyAFailureFailsTheRun() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(buffer, true, StandardCharsets.UTF_8), false);
        report.add(Check.passed("a", "fine"));
        report.add(Check.notChecked("b", "not made", "no user"));
        assertThat(report.exitCode()).isZero();
        report.add(Check.failed("c", "broken", "an error", "because", "change it"));
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(buffer.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "PASS  a: fine",
                "SKIP  b: not made (could not be checked: no user)",
                "FAIL  c: broken | ChatGPT shows: an error | why: because | fix: change it");
    }
}
