package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.connector.dkim.DkimVerifier;
import dev.authmail.runtime.cli.InProcessCli.Run;
import dev.authmail.runtime.domain.DnsTestServer;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authmail dkim keygen}, the built-in service's mail signed by its platform transport with
 * those keys (checked by python3-dkim), and {@code authmail domain check} against a DNS server on
 * 127.0.0.1 holding the records keygen printed — as an operator would go through them.
 */
class DkimDomainCliTest {
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();
  private static final Pattern NAME = Pattern.compile("(?m)^  name:  (\\S+)$");
  private static final Pattern VALUE = Pattern.compile("(?m)^  value: (.+)$");

  @TempDir Path dir;

  private GreenMail greenMail;

  @BeforeEach
  void start() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  @AfterEach
  void stop() {
    greenMail.stop();
  }

  private static Run run(String... args) {
    return InProcessCli.run(new CliEnvironment(Map.of(), () -> REGISTRY, Clock.systemUTC()), args);
  }

  /** keygen's printed record, name to value. */
  private static Map.Entry<String, String> record(Run run) {
    Matcher name = NAME.matcher(run.out());
    Matcher value = VALUE.matcher(run.out());
    assertThat(name.find() && value.find()).as(run.out()).isTrue();
    return Map.entry(name.group(1), value.group(1));
  }

  private Path config(Path rsa, Path ed) throws Exception {
    return Files.writeString(
        dir.resolve("authmail.yaml"),
        """
        network: {allowPrivateAddresses: true}
        platform:
          fromAddress: no-reply@mail.platform.example
          transport: relay
        tenants:
          default: {email: [builtin]}
        connectors:
          builtin:
            factory: logto-email
            config: {senderName: Acme}
          relay:
            factory: smtp
            config:
              host: 127.0.0.1
              port: %d
              fromEmail: relay@mail.platform.example
              dkim:
                - {domain: platform.example, selector: rsa1, privateKey: %s}
                - {domain: platform.example, selector: ed1, privateKey: %s,
                   algorithm: ed25519-sha256}
        """
            .formatted(greenMail.getSmtp().getPort(), rsa, ed));
  }

  @Test
  void keygenWritesA0600KeyAndPrintsItsRecordAndNeverOverwrites() throws Exception {
    Path key = dir.resolve("k.pem");

    Run run =
        run(
            "dkim",
            "keygen",
            "--domain",
            "Example.com",
            "--selector",
            "s2026",
            "--algorithm",
            "ed25519",
            "--out",
            key.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(run.out())
        .contains("  name:  s2026._domainkey.example.com")
        .containsPattern("value: v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=")
        .contains(
            "dkim: {domain: example.com, selector: s2026, algorithm: ed25519-sha256, privateKey: ")
        .doesNotContain("PRIVATE KEY-----");
    Run again =
        run(
            "dkim",
            "keygen",
            "--domain",
            "example.com",
            "--selector",
            "s2026",
            "--out",
            key.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("exists; authmail never overwrites a key");
  }

  @Test
  void theBuiltInServiceSignsWithBothKeysAndTheDoctorPassesOnceTheRecordsArePublished()
      throws Exception {
    Path rsa = dir.resolve("rsa1.pem");
    Path ed = dir.resolve("ed1.pem");
    Map<String, String> records = new LinkedHashMap<>();
    for (String[] k :
        new String[][] {{"rsa", "rsa1", rsa.toString()}, {"ed25519", "ed1", ed.toString()}}) {
      Run keygen =
          run(
              "dkim",
              "keygen",
              "--domain",
              "platform.example",
              "--selector",
              k[1],
              "--algorithm",
              k[0],
              "--out",
              k[2]);
      assertThat(keygen.exit()).as(keygen.err()).isZero();
      Map.Entry<String, String> record = record(keygen);
      records.put(record.getKey(), record.getValue());
    }
    Path config = config(rsa, ed);

    Run send =
        run(
            "send",
            "--config",
            config.toString(),
            "--data",
            dir.resolve("data").toString(),
            "--to",
            "alice@example.org",
            "--type",
            "SignIn",
            "--code",
            "482913",
            "--locale",
            "ja");

    assertThat(send.exit()).as(send.err()).isZero();
    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    greenMail.getReceivedMessages()[0].writeTo(wire);
    DkimVerifier.Result verified = DkimVerifier.verify(wire.toByteArray(), records);
    assertThat(verified.output())
        .contains("platform.example rsa1 rsa-sha256 pass")
        .contains("platform.example ed1 ed25519-sha256 pass");
    String tampered = wire.toString(StandardCharsets.ISO_8859_1).replace("Acme", "Evil");
    assertThat(
            DkimVerifier.verify(tampered.getBytes(StandardCharsets.ISO_8859_1), records).passed())
        .isFalse();

    try (DnsTestServer dns = new DnsTestServer()) {
      dns.add("mail.platform.example", "MX", "10 mx.platform.example.");
      dns.txt("mail.platform.example", "v=spf1 ip4:127.0.0.0/8 -all");
      dns.txt("_dmarc.platform.example", "v=DMARC1; p=quarantine; sp=quarantine");
      Run before =
          run(
              "domain",
              "check",
              "mail.platform.example",
              "--config",
              config.toString(),
              "--resolver",
              dns.address(),
              "--timeout",
              "2");
      records.forEach(dns::txt);
      Run after =
          run(
              "domain",
              "check",
              "mail.platform.example",
              "--config",
              config.toString(),
              "--resolver",
              dns.address(),
              "--timeout",
              "2");

      assertThat(before.exit()).as(before.out() + before.err()).isEqualTo(1);
      assertThat(before.out())
          .contains("FAIL  dkim:rsa1")
          .contains("fix: publish TXT at rsa1._domainkey.platform.example:")
          .contains("        " + records.get("rsa1._domainkey.platform.example"))
          .contains(
              "zone file: ed1._domainkey.platform.example. IN TXT \""
                  + records.get("ed1._domainkey.platform.example")
                  + "\"")
          .contains("PASS  spf")
          .contains("result: FAIL (2 failed, 0 warnings)");
      assertThat(after.exit()).as(after.out()).isZero();
      assertThat(after.out())
          .contains("PASS  mx")
          .contains("PASS  dkim:rsa1")
          .contains("PASS  dkim:ed1")
          .contains("PASS  dmarc")
          .contains("result: PASS");
    }
  }

  @Test
  void configCheckRefusesAPlatformTransportThatSignsAsAnotherDomainThanThePlatformSender()
      throws Exception {
    Path rsa = dir.resolve("rsa1.pem");
    assertThat(
            run(
                    "dkim",
                    "keygen",
                    "--domain",
                    "platform.example",
                    "--selector",
                    "rsa1",
                    "--out",
                    rsa.toString())
                .exit())
        .isZero();
    Path config =
        Files.writeString(
            dir.resolve("authmail.yaml"),
            """
            network: {allowPrivateAddresses: true}
            platform: {fromAddress: no-reply@other.example, transport: relay}
            connectors:
              relay:
                factory: smtp
                config:
                  host: 127.0.0.1
                  fromEmail: relay@platform.example
                  dkim: {domain: platform.example, selector: rsa1, privateKey: %s}
            """
                .formatted(rsa));

    Run check = run("config", "check", config.toString(), "--data", dir.resolve("data").toString());

    assertThat(check.exit()).isEqualTo(2);
    assertThat(check.out() + check.err())
        .contains("platform.fromAddress")
        .contains("connectors.relay.config.dkim[0].domain signs as platform.example")
        .doesNotContain("PRIVATE KEY");
  }
}
