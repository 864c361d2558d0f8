package dev.authmail.connector.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.smtp.testing.ServiceAccountKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code auth} shapes of Logto's SMTP schema (packages/connectors/connector-smtp/src/types.ts:
 * a strict login shape, an OAuth2 shape with a key, an OAuth2 shape with tokens; {@code type}
 * optional) and the problems a wrong one gets: each names a key the user wrote.
 */
class SmtpAuthTest {
  private static final ConfigSpec SPEC = new SmtpConnectorFactory().configSpec();

  private static Map<String, Object> raw(String host, Map<String, Object> auth) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("host", host);
    raw.put("fromEmail", "noreply@example.com");
    raw.put("auth", auth);
    return raw;
  }

  private static SmtpAuth auth(String host, Map<String, Object> auth) {
    return SmtpConfig.from(SPEC.bind(raw(host, auth))).auth();
  }

  private static List<ConfigProblem> problems(String host, Map<String, Object> auth) {
    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> auth(host, auth));
    assertThat(e).as("a problem with " + auth).isNotNull();
    return e.problems();
  }

  @Test
  void userWithoutPassMeansNoAuthAsLogtosCleanDeepLeavesIt() {
    assertThat(auth("relay.example.com", Map.of("user", "app"))).isEqualTo(SmtpAuth.NONE);
    assertThat(auth("relay.example.com", Map.of("user", "app", "pass", "")))
        .isEqualTo(SmtpAuth.NONE);
    assertThat(auth("relay.example.com", Map.of())).isEqualTo(SmtpAuth.NONE);
  }

  @Test
  void userWithoutPassSendsWithoutAuth() throws Exception {
    try (ScriptedSmtpServer server =
        ScriptedSmtpServer.start(ScriptedSmtpServer.dialog(ScriptedSmtpServer.replies()))) {
      Map<String, Object> config = SmtpTesting.config(server.port());
      config.put("auth", Map.of("user", "app"));
      try (SmtpConnector connector = SmtpTesting.connector(config)) {
        connector.send(SmtpTesting.signIn("alice@example.com", "123456"));
      }

      assertThat(server.acceptedCount()).isEqualTo(1);
      assertThat(server.commands())
          .noneMatch(c -> c.toUpperCase(java.util.Locale.ROOT).startsWith("AUTH"));
    }
  }

  @Test
  void loginShape() {
    assertThat(auth("smtp.example.com", Map.of("user", "app", "pass", "pw", "type", "LOGIN")))
        .isEqualTo(new SmtpAuth.Password(SmtpAuth.AuthMethod.PASSWORD, "app", "pw"));
  }

  @Test
  void logtosServiceAccountShapeNeedsNoTypeAndNoPass() {
    SmtpAuth auth =
        auth(
            "smtp.gmail.com",
            Map.of(
                "user",
                "me@example.com",
                "serviceClient",
                "1134",
                "privateKey",
                ServiceAccountKey.PRIVATE_PEM));

    assertThat(auth).isInstanceOf(SmtpAuth.ServiceAccount.class);
    assertThat(((SmtpAuth.ServiceAccount) auth).accessUrl()).isEqualTo(SmtpAuth.GOOGLE_TOKEN_URL);
    assertThat(auth.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void privateKeyMayBeKeyAndPassphraseWithoutAPassphrase() {
    SmtpAuth auth =
        auth(
            "smtp.gmail.com",
            Map.of(
                "user",
                "me@example.com",
                "serviceClient",
                "1134",
                "privateKey",
                Map.of(
                    "key", ServiceAccountKey.PRIVATE_PEM.replace("\n", "\\n"), "passphrase", "")));

    assertThat(auth).isInstanceOf(SmtpAuth.ServiceAccount.class);
  }

  @Test
  void refreshTokenShapeDefaultsTheTokenEndpointByHost() {
    Map<String, Object> refresh =
        Map.of(
            "type",
            "OAuth2",
            "user",
            "me@example.com",
            "clientId",
            "cid",
            "clientSecret",
            "cs",
            "refreshToken",
            "rt");

    assertThat(((SmtpAuth.RefreshToken) auth("smtp.gmail.com", refresh)).accessUrl())
        .isEqualTo(SmtpAuth.GOOGLE_TOKEN_URL);
    assertThat(((SmtpAuth.RefreshToken) auth("smtp.office365.com", refresh)).accessUrl())
        .isEqualTo(SmtpAuth.MICROSOFT_TOKEN_URL);
    Map<String, Object> withUrl = new LinkedHashMap<>(refresh);
    withUrl.put("accessUrl", "https://idp.example.com/token");
    assertThat(((SmtpAuth.RefreshToken) auth("mail.example.com", withUrl)).accessUrl())
        .isEqualTo("https://idp.example.com/token");
  }

  @Test
  void logtosTokenMockIsAStaticToken() {
    // packages/connectors/connector-smtp/src/mock.ts: mockedOauth2AuthWithToken
    SmtpAuth auth =
        auth(
            "smtp.gmail.com",
            Map.of(
                "user",
                "user@logto.io",
                "type",
                "oauth2",
                "clientId",
                "client-id",
                "clientSecret",
                "client-secret",
                "accessToken",
                "access-token"));

    assertThat(auth).isEqualTo(new SmtpAuth.StaticToken("user@logto.io", "access-token", null));
  }

  static Stream<Arguments> wrongShapes() {
    return Stream.of(
        Arguments.of(Map.of("pass", "pw"), List.of("auth.pass")),
        Arguments.of(
            Map.of("user", "me", "serviceClient", "1134", "privateKey", "not a key"),
            List.of("auth.privateKey")),
        Arguments.of(
            Map.of("user", "me", "privateKey", ServiceAccountKey.PRIVATE_PEM),
            List.of("auth.privateKey")),
        Arguments.of(Map.of("user", "me", "serviceClient", "1134"), List.of("auth.serviceClient")),
        Arguments.of(
            Map.of(
                "user",
                "me",
                "serviceClient",
                "1",
                "privateKey",
                Map.of("key", "k", "passphrase", "p")),
            List.of("auth.privateKey.passphrase")),
        Arguments.of(
            Map.of("user", "me", "refreshToken", "rt"),
            List.of("auth.refreshToken", "auth.refreshToken")),
        Arguments.of(
            Map.of("user", "me", "clientId", "c", "clientSecret", "s", "refreshToken", "rt"),
            List.of("auth.refreshToken")),
        Arguments.of(Map.of("type", "oauth2", "user", "me"), List.of("auth")),
        Arguments.of(
            Map.of(
                "user",
                "me",
                "clientId",
                "c",
                "clientSecret",
                "s",
                "refreshToken",
                "",
                "accessUrl",
                "https://idp.example.com/token"),
            List.of("auth.refreshToken")),
        Arguments.of(Map.of("accessToken", "t"), List.of("auth.accessToken")),
        Arguments.of(
            Map.of("type", "login", "user", "me", "accessToken", "t"), List.of("auth.accessToken")),
        Arguments.of(Map.of("user", "me", "pass", "pw", "accessToken", "t"), List.of("auth.pass")));
  }

  @ParameterizedTest
  @MethodSource("wrongShapes")
  void aWrongShapeGetsProblemsOnlyAtKeysItWrote(Map<String, Object> auth, List<String> paths) {
    List<ConfigProblem> problems = problems("mail.example.com", auth);

    assertThat(problems).extracting(ConfigProblem::path).containsExactlyElementsOf(paths);
    for (ConfigProblem problem : problems) {
      String key = problem.path().replaceFirst("^auth\\.?", "").replaceFirst("\\..*", "");
      assertThat(key.isEmpty() || auth.containsKey(key)).as(problem.toString()).isTrue();
    }
  }

  @Test
  void theServiceAccountShapeNeverHearsAboutPass() {
    // the shape that used to get "auth.pass is required"
    List<ConfigProblem> problems =
        problems(
            "smtp.gmail.com",
            Map.of("user", "me", "serviceClient", "1", "privateKey", "<private-key>"));

    assertThat(problems).extracting(ConfigProblem::toString).noneMatch(p -> p.contains("pass"));
  }
}
