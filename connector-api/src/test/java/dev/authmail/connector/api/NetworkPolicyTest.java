package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPolicyTest {
  private final NetworkPolicy strict = NetworkPolicy.strict();
  private final NetworkPolicy allowPrivate = NetworkPolicy.allowingPrivateAddresses();

  @Test
  void theDefaultContextIsStrict() {
    assertThat(ConnectorContext.defaults().network().allowsPrivateAddresses()).isFalse();
    assertThat(NetworkPolicy.of(true)).isSameAs(allowPrivate);
    assertThat(NetworkPolicy.of(false)).isSameAs(strict);
  }

  @Test
  void strictRefusesPlainHttp() {
    ConnectorException e = refused(strict, "http://api.example.com/send");

    assertThat(e.getMessage())
        .startsWith("endpoint: must use https://")
        .contains("network.allowPrivateAddresses");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/send",
        "https://10.1.2.3/send",
        "https://192.168.1.1/",
        "https://172.16.0.1/",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]:8443/",
        "https://[::ffff:10.0.0.1]/",
        "https://[fd00::1]/",
        "https://0.0.0.0/",
        "https://100.64.0.1/",
        "https://2130706433/"
      })
  void strictRefusesInternalLiterals(String url) {
    ConnectorException e = refused(strict, url);

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("endpoint");
    assertThat(e.getMessage()).contains("refused");
  }

  @Test
  void theMetadataAddressIsNamedAsSuch() {
    assertThat(refused(strict, "https://169.254.169.254/").getMessage())
        .contains("cloud metadata address");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://93.184.216.34/send",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/",
        "https://api.example.com/v3/mail"
      })
  void strictAcceptsPublicEndpoints(String url) {
    URI uri = strict.checkEndpoint("endpoint", url);

    assertThat(uri.toString()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/",
        "not a url",
        "https:///path",
        "https://user:pass@example.com/"
      })
  void refusesMalformedEndpoints(String url) {
    ConnectorException e = refused(allowPrivate, url);

    assertThat(e.getMessage()).startsWith("endpoint: ").doesNotContain("pass@");
  }

  @Test
  void allowingPrivateAddressesAcceptsLoopbackOverHttp() {
    assertThatCode(() -> allowPrivate.checkEndpoint("endpoint", "http://127.0.0.1:8080/send"))
        .doesNotThrowAnyException();
    assertThatCode(() -> allowPrivate.checkEndpoint("endpoint", "http://[::1]:8080/send"))
        .doesNotThrowAnyException();
    assertThatCode(() -> allowPrivate.checkEndpoint("endpoint", "https://10.0.0.5/send"))
        .doesNotThrowAnyException();
  }

  @Test
  void allowingPrivateAddressesStillRefusesHttpToAPublicLiteral() {
    ConnectorException e = refused(allowPrivate, "http://93.184.216.34/send");

    assertThat(e.getMessage()).contains("plain http:// is allowed only to internal addresses");
  }

  @Test
  void checkAddressAppliesTheSameRulesAtConnectTime() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    InetAddress publicAddress = InetAddress.getByName("93.184.216.34");

    assertThat(
            catchThrowableOfType(
                    ConnectorException.class, () -> strict.checkAddress(loopback, true))
                .code())
        .isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThatCode(() -> allowPrivate.checkAddress(loopback, false)).doesNotThrowAnyException();
    assertThatCode(() -> strict.checkAddress(publicAddress, true)).doesNotThrowAnyException();
    assertThat(
            catchThrowableOfType(
                ConnectorException.class, () -> allowPrivate.checkAddress(publicAddress, false)))
        .isNotNull();
  }

  @Test
  void resolvingAnInternalNameIsRefusedWhenStrict() {
    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> strict.resolve("localhost"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("localhost resolves to the internal address");
    assertThat(allowPrivate.resolve("localhost")).isNotEmpty();
  }

  @Test
  void isInternalKnowsTheSpecialRanges() throws Exception {
    for (String internal :
        new String[] {
          "127.0.0.1",
          "10.0.0.1",
          "172.31.255.255",
          "192.168.0.1",
          "169.254.169.254",
          "100.64.0.1",
          "0.0.0.0",
          "224.0.0.1",
          "255.255.255.255",
          "::1",
          "::",
          "fe80::1",
          "fd00::1",
          "fc00::1",
          "::ffff:127.0.0.1"
        }) {
      assertThat(NetworkPolicy.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
    }
    for (String external :
        new String[] {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"}) {
      assertThat(NetworkPolicy.isInternal(InetAddress.getByName(external))).as(external).isFalse();
    }
  }

  private static ConnectorException refused(NetworkPolicy policy, String url) {
    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> policy.checkEndpoint("endpoint", url));
    assertThat(e).as("%s refused", url).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    return e;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://[64:ff9b::a9fe:a9fe]/x", "https://[64:ff9b::7f00:1]/",
            "https://[64:ff9b::10.0.0.1]/",
        "https://[64:ff9b:1:a9fe:a9:fe00::]/x", "https://[2002:a9fe:a9fe::1]/",
            "https://[2002:7f00:1::]/",
        "https://[::169.254.169.254]/", "https://[::10.1.2.3]/"
      })
  void ipv4EmbeddedInIpv6IsDecodedAndChecked(String url) {
    ConnectorException e = refused(strict, url);

    assertThat(e.getMessage()).contains("embedding the IPv4 address");
  }

  @Test
  void theMetadataAddressBehindNat64IsNamed() {
    assertThat(refused(strict, "https://[64:ff9b::a9fe:a9fe]/x").getMessage())
        .contains("169.254.169.254", "cloud metadata address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://[64:ff9b::5db8:d822]/", "https://[2002:5db8:d822::1]/"})
  void ipv6EmbeddingAPublicIpv4IsAllowed(String url) {
    assertThatCode(() -> strict.checkEndpoint("endpoint", url)).doesNotThrowAnyException();
  }

  @Test
  void theOperatorsOwnConnectorsAreTrustedWithAnyAddressAndPlainHttp() throws Exception {
    NetworkPolicy trusted = NetworkPolicy.trusted();

    assertThatCode(() -> trusted.checkEndpoint("endpoint", "http://127.0.0.1:8025/send"))
        .doesNotThrowAnyException();
    assertThatCode(() -> trusted.checkEndpoint("endpoint", "http://mailer.example.com/send"))
        .doesNotThrowAnyException();
    assertThatCode(() -> trusted.checkAddress(InetAddress.getByName("93.184.216.34"), false))
        .doesNotThrowAnyException();
    assertThat(trusted.resolve("localhost")).isNotEmpty();
  }

  @Test
  void networkAllowOpensExactlyTheListedRangesAndHosts() throws Exception {
    NetworkPolicy allow =
        NetworkPolicy.of(false, java.util.List.of("10.1.2.0/24", "fd00:1::/32", "localhost"));

    assertThatCode(() -> allow.checkEndpoint("endpoint", "http://10.1.2.77:8025/"))
        .doesNotThrowAnyException();
    assertThat(refused(allow, "https://10.1.3.1/").getMessage()).contains("network.allow");
    assertThatCode(() -> allow.checkEndpoint("endpoint", "https://[fd00:1::5]/"))
        .doesNotThrowAnyException();
    assertThat(refused(allow, "https://[fd00:2::5]/").getMessage()).contains("refused");
    assertThat(refused(allow, "http://93.184.216.34/").getMessage())
        .contains("plain http:// is allowed only to internal");
    for (InetAddress address : allow.resolve("localhost")) {
      assertThatCode(() -> allow.checkAddress(address, false)).doesNotThrowAnyException();
    }
    assertThatCode(() -> allow.checkAddress(InetAddress.getByName("127.0.0.1"), true))
        .isInstanceOf(ConnectorException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.0/33", "10.1.2.0/x", "not a host!", "", "::g/8"})
  void badAllowEntriesAreNamed(String entry) {
    assertThat(NetworkPolicy.allowProblem(entry)).isNotNull();
  }
}
