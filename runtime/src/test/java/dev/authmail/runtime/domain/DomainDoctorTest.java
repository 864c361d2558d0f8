package dev.authmail.runtime.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.dkim.DkimAlgorithm;
import dev.authmail.connector.dkim.DkimKey;
import dev.authmail.connector.dkim.DkimVerifier;
import dev.authmail.runtime.domain.Finding.Status;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The doctor against a DNS server on 127.0.0.1 that this test fills: one domain right, then each
 * problem.
 */
class DomainDoctorTest {
  private static final List<DkimKey> KEYS = DkimVerifier.testKeys("good.example");
  private static DnsTestServer dns;
  private static DomainDoctor doctor;

  @BeforeAll
  static void start() throws Exception {
    dns = new DnsTestServer();
    // providers' own records, as their documentation shows them
    dns.txt("amazonses.com", "v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 -all");
    dns.add("relay.good.example", "A", "192.0.2.10");
    good("good.example", KEYS);
    doctor = new DomainDoctor(DnsClient.create(dns.address(), Duration.ofSeconds(2)));
  }

  /** MX, SPF for the relay and SES, both DKIM keys, DMARC reject. */
  private static void good(String domain, List<DkimKey> keys) {
    dns.add(domain, "MX", "10 mx." + domain + ".");
    dns.txt(domain, "v=spf1 ip4:192.0.2.0/24 include:amazonses.com -all");
    dns.txt(domain, "google-site-verification=abc");
    for (DkimKey key : keys) {
      dns.txt(key.recordName(), key.txtRecord());
    }
    dns.txt("_dmarc." + domain, "v=DMARC1; p=reject; rua=mailto:d@" + domain);
  }

  @AfterAll
  static void stop() throws Exception {
    dns.close();
  }

  private static Sender sender(List<DkimKey> keys) {
    return new Sender(
        keys,
        List.of(),
        List.of(
            new Sender.Transport(
                "relay", "simple-mail-transfer-protocol", null, "relay.good.example"),
            new Sender.Transport("ses", "aws-ses-mail", "amazonses.com", null)));
  }

  private static Finding finding(DomainDoctor.Report report, String check) {
    return report.findings().stream()
        .filter(f -> f.check().equals(check))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aDomainWithEverythingRightPassesEveryCheck() {
    DomainDoctor.Report report = doctor.check("good.example", sender(KEYS));

    assertThat(report.findings())
        .extracting(Finding::check)
        .containsExactly("mx", "spf", "dkim:rsa2026", "dkim:ed2026", "dmarc");
    assertThat(report.findings())
        .allSatisfy(
            f -> {
              assertThat(f.status()).as(f.toString()).isEqualTo(Status.PASS);
              assertThat(f.fix()).isNull();
            });
    assertThat(finding(report, "spf").found())
        .contains("(1 of 10 DNS lookups)")
        .doesNotContain("google");
    assertThat(report.status()).isEqualTo(Status.PASS);
  }

  @Test
  void noMxFailsWithTheRecordToPublish() {
    dns.txt("nomx.example", "v=spf1 -all");

    Finding mx = finding(doctor.check("nomx.example", Sender.none()), "mx");

    assertThat(mx.status()).isEqualTo(Status.FAIL);
    assertThat(mx.fix().zoneLine()).startsWith("nomx.example. IN MX 10 ");
  }

  @Test
  void missingSpfFailsAndTheFixAuthorizesTheConfiguredTransports() {
    dns.add("nospf.example", "MX", "10 mx.nospf.example.");

    Finding spf = finding(doctor.check("nospf.example", sender(List.of())), "spf");

    assertThat(spf.status()).isEqualTo(Status.FAIL);
    assertThat(spf.fix().value())
        .isEqualTo("v=spf1 a:relay.good.example include:amazonses.com ~all");
  }

  @Test
  void twoSpfRecordsAreAPermanentError() {
    dns.txt("twospf.example", "v=spf1 mx -all")
        .txt("twospf.example", "v=spf1 include:amazonses.com -all");

    Finding spf = finding(doctor.check("twospf.example", Sender.none()), "spf");

    assertThat(spf.status()).isEqualTo(Status.FAIL);
    assertThat(spf.detail()).contains("2 SPF records").contains("merge them into one");
  }

  @Test
  void anInvalidTermFails() {
    dns.txt("badspf.example", "v=spf1 ip4:300.1.2.3 frobnicate:x -all");

    Finding spf = finding(doctor.check("badspf.example", Sender.none()), "spf");

    assertThat(spf.status()).isEqualTo(Status.FAIL);
    assertThat(spf.detail())
        .contains("bad address in ip4:300.1.2.3")
        .contains("not an SPF term: frobnicate:x");
  }

  @Test
  void moreThanTenLookupsFails() {
    StringBuilder record = new StringBuilder("v=spf1");
    IntStream.rangeClosed(1, 11)
        .forEach(
            i -> {
              dns.txt("i" + i + ".many.example", "v=spf1 ip4:198.51.100." + i + " -all");
              record.append(" include:i").append(i).append(".many.example");
            });
    dns.txt("many.example", record + " -all");

    Finding spf = finding(doctor.check("many.example", Sender.none()), "spf");

    assertThat(spf.status()).isEqualTo(Status.FAIL);
    assertThat(spf.detail()).contains("needs 11 DNS lookups, more than the 10");
  }

  @Test
  void anSpfThatDoesNotAuthorizeTheRelayOrSesFailsWithTheTermsToAdd() {
    dns.txt("unauth.example", "v=spf1 mx -all");

    Finding spf = finding(doctor.check("unauth.example", sender(List.of())), "spf");

    assertThat(spf.status()).isEqualTo(Status.FAIL);
    assertThat(spf.fix().value()).isEqualTo("v=spf1 mx ip4:192.0.2.10 include:amazonses.com -all");
  }

  @Test
  void plusAllFailsAndQuestionMarkAllWarns() {
    dns.txt("plusall.example", "v=spf1 mx +all");
    dns.txt("neutral.example", "v=spf1 mx ?all");

    assertThat(finding(doctor.check("plusall.example", Sender.none()), "spf").status())
        .isEqualTo(Status.FAIL);
    Finding neutral = finding(doctor.check("neutral.example", Sender.none()), "spf");
    assertThat(neutral.status()).isEqualTo(Status.WARN);
    assertThat(neutral.fix().value()).isEqualTo("v=spf1 mx ~all");
  }

  @Test
  void aMissingDkimRecordFailsWithTheConfiguredKeysRecord() {
    List<DkimKey> keys = DkimVerifier.testKeys("nodkim.example");
    dns.txt("nodkim.example", "v=spf1 -all");

    Finding rsa = finding(doctor.check("nodkim.example", sender(keys)), "dkim:rsa2026");

    assertThat(rsa.status()).isEqualTo(Status.FAIL);
    assertThat(rsa.fix().name()).isEqualTo("rsa2026._domainkey.nodkim.example");
    assertThat(rsa.fix().value())
        .isEqualTo(keys.get(0).txtRecord())
        .startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
    assertThat(rsa.fix().zoneLine()).contains("\" \""); // a 2048-bit key needs two TXT strings
  }

  @Test
  void aPublishedKeyThatIsNotTheConfiguredOneFails() {
    List<DkimKey> published = DkimVerifier.testKeys("rotated.example");
    List<DkimKey> configured = DkimVerifier.testKeys("rotated.example");
    published.forEach(k -> dns.txt(k.recordName(), k.txtRecord()));
    dns.txt("rotated.example", "v=spf1 -all");

    DomainDoctor.Report report = doctor.check("rotated.example", sender(configured));

    assertThat(finding(report, "dkim:rsa2026").detail())
        .contains("does not match the configured private key");
    assertThat(finding(report, "dkim:ed2026").status()).isEqualTo(Status.FAIL);
    assertThat(finding(report, "dkim:ed2026").fix().value())
        .isEqualTo(configured.get(1).txtRecord());
  }

  @Test
  void aRevokedKeyAndASelectorWithoutAKeyAreChecked() {
    dns.txt("old._domainkey.revoked.example", "v=DKIM1; k=rsa; p=");
    dns.txt("ok._domainkey.revoked.example", KEYS.get(1).txtRecord());

    DomainDoctor.Report report =
        doctor.check("revoked.example", new Sender(List.of(), List.of("old", "ok"), List.of()));

    assertThat(finding(report, "dkim:old").detail()).contains("revoked");
    assertThat(finding(report, "dkim:ok").status()).isEqualTo(Status.PASS);
  }

  @Test
  void noDkimAtAllWarnsWithTheKeygenCommand() {
    Finding dkim = finding(doctor.check("good.example", Sender.none()), "dkim");

    assertThat(dkim.status()).isEqualTo(Status.WARN);
    assertThat(dkim.detail()).contains("authmail dkim keygen --domain good.example");
  }

  @Test
  void missingDmarcFailsAndPNoneWarns() {
    dns.txt("_dmarc.monitor.example", "v=DMARC1; p=none; rua=mailto:x@monitor.example");

    Finding missing = finding(doctor.check("nodmarc.example", Sender.none()), "dmarc");
    Finding none = finding(doctor.check("monitor.example", Sender.none()), "dmarc");

    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.fix().zoneLine())
        .isEqualTo(
            "_dmarc.nodmarc.example. IN TXT \"v=DMARC1; p=quarantine; adkim=r; aspf=r;"
                + " rua=mailto:dmarc-reports@nodmarc.example\"");
    assertThat(none.status()).isEqualTo(Status.WARN);
    assertThat(none.fix().value())
        .isEqualTo("v=DMARC1; p=quarantine; rua=mailto:x@monitor.example");
  }

  @Test
  void aSubdomainTakesItsParentsDmarcAndAMisalignedKeyWarns() {
    DkimKey other =
        new DkimKey(
            "other.example",
            "s1",
            DkimAlgorithm.RSA_SHA256,
            KEYS.get(0).privateKey(),
            DkimKey.DEFAULT_HEADERS);

    Finding sub = finding(doctor.check("mail.good.example", Sender.none()), "dmarc");
    Finding misaligned =
        finding(
            doctor.check("good.example", new Sender(List.of(other), List.of(), List.of())),
            "dmarc");

    assertThat(sub.status()).isEqualTo(Status.PASS);
    assertThat(sub.found()).contains("(at _dmarc.good.example)");
    assertThat(misaligned.status()).isEqualTo(Status.WARN);
    assertThat(misaligned.detail())
        .contains("d=other.example (s=s1) is not aligned with the From domain good.example");
  }

  @Test
  void aResolverThatFailsIsAFailThatSaysSo() throws Exception {
    dns.breakName("broken.example");

    Finding mx = finding(doctor.check("broken.example", Sender.none()), "mx");

    assertThat(mx.status()).isEqualTo(Status.FAIL);
    assertThat(mx.detail()).contains("DNS did not answer").contains("SERVFAIL");
  }
}
