package dev.authmail.connector.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dkim entry: every default, every key, and the refusals with their key paths. */
class DkimConfigTest {
  private static final DkimKey RSA = DkimVerifier.testKeys("example.com").get(0);
  private static final ConfigSpec HOLDER =
      ConfigSpec.builder().objects("dkim", DkimConfig.ENTRY, k -> {}).build();

  private static List<DkimKey> keys(Object dkim, String from, ConfigProblems problems) {
    ConnectorConfig config = HOLDER.bind(Map.of("dkim", dkim));
    return DkimConfig.keys(config.objects("dkim"), from, problems);
  }

  @Test
  void defaults() {
    ConfigProblems problems = new ConfigProblems();

    List<DkimKey> keys =
        keys(
            Map.of(
                "domain",
                "Example.com",
                "selector",
                "s1",
                "privateKey",
                DkimKeys.pem(RSA.privateKey())),
            "mail.example.com",
            problems);

    assertThat(problems.problems()).isEmpty();
    assertThat(keys)
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key.domain()).isEqualTo("example.com");
              assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
              assertThat(key.headers()).isEqualTo(DkimKey.DEFAULT_HEADERS);
              assertThat(key.recordName()).isEqualTo("s1._domainkey.example.com");
            });
  }

  @Test
  void everyKey(@TempDir Path dir) throws Exception {
    DkimKey ed = DkimVerifier.testKeys("example.com").get(1);
    Path file = Files.writeString(dir.resolve("ed.pem"), DkimKeys.pem(ed.privateKey()));
    ConfigProblems problems = new ConfigProblems();

    List<DkimKey> keys =
        keys(
            List.of(
                Map.of(
                    "domain",
                    "example.com",
                    "selector",
                    "e1",
                    "privateKey",
                    file.toString(),
                    "algorithm",
                    "ed25519-sha256",
                    "headers",
                    List.of("List-Unsubscribe", "From"))),
            "example.com",
            problems);

    assertThat(problems.problems()).isEmpty();
    assertThat(DkimConfig.ENTRY.keys())
        .extracting(k -> k.name())
        .containsExactly("domain", "selector", "privateKey", "algorithm", "headers");
    assertThat(keys)
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key.selector()).isEqualTo("e1");
              assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
              assertThat(key.privateKey().getEncoded()).isEqualTo(ed.privateKey().getEncoded());
              assertThat(key.headers()).endsWith("list-unsubscribe").containsOnlyOnce("from");
            });
  }

  @Test
  void aPkcs1KeyAsOpendkimWritesItIsRead() {
    // PKCS #1 is the inner RSAPrivateKey of the PKCS #8 encoding: the last element of its sequence
    byte[] pkcs8 = RSA.privateKey().getEncoded();
    byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pkcs1)
            + "\n-----END RSA PRIVATE KEY-----\n";

    assertThat(DkimKeys.parse(pem).getEncoded()).isEqualTo(pkcs8);
  }

  @Test
  void everyProblemIsReportedWithItsPathAndNoKeyMaterial() throws Exception {
    var small = KeyPairGenerator.getInstance("RSA");
    small.initialize(512);
    String smallPem = DkimKeys.pem(small.generateKeyPair().getPrivate());
    ConfigProblems problems = new ConfigProblems();

    keys(
        List.of(
            Map.of(
                "domain",
                "other.example",
                "selector",
                "s1",
                "privateKey",
                DkimKeys.pem(RSA.privateKey())),
            Map.of("domain", "example.com", "selector", "bad selector", "privateKey", smallPem),
            Map.of(
                "domain",
                "example.com",
                "selector",
                "s3",
                "privateKey",
                "/no/such/key.pem",
                "headers",
                List.of("DKIM-Signature")),
            // a PEM body pasted without its BEGIN line: taken for a file name, but never echoed
            Map.of(
                "domain",
                "example.com",
                "selector",
                "s4",
                "privateKey",
                "MC4CAQAwBQYDK2VwBCIEIJ+abc/def")),
        "example.com",
        problems);

    assertThat(problems.problems())
        .extracting(p -> p.path())
        .containsExactly(
            "dkim[0].domain",
            "dkim[1].selector",
            "dkim[1].privateKey",
            "dkim[2].privateKey",
            "dkim[2].headers[0]",
            "dkim[3].privateKey");
    assertThat(problems.toString())
        .contains("set domain: example.com")
        .contains("512 bits")
        .contains("/no/such/key.pem")
        .contains("never signs itself")
        .doesNotContain(smallPem.substring(30, 60))
        .doesNotContain("MC4CAQAwBQYDK2VwBCIEI")
        .doesNotContain(
            new String(RSA.privateKey().getEncoded(), StandardCharsets.ISO_8859_1)
                .substring(40, 50));
  }
}
