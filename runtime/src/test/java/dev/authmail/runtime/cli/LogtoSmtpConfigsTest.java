package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.connector.smtp.testing.ServiceAccountKey;
import dev.authmail.connector.smtp.testing.Xoauth2Peer;
import dev.authmail.runtime.cli.HttpPeer.Answer;
import dev.authmail.runtime.cli.InProcessCli.Run;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logto SMTP connector configurations, written from Logto's schema
 * (packages/connectors/connector-smtp/src/types.ts) and mocks (src/mock.ts): each passes {@code
 * authmail config check} with exactly the expected warnings and is sent once through {@code
 * authmail send} to a local SMTP peer, with the real connectors found by ServiceLoader.
 */
class LogtoSmtpConfigsTest {
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();
  private static final String USER = "me@example.com";
  private static final String TEMPLATES =
      """
            templates:
              - {usageType: Generic, contentType: text/plain, subject: "Logto Test with SMTP",
                 content: "This is for testing purposes only.
                   Your verification code is {{    code }}."}
              - {usageType: SignIn, contentType: text/plain,
                 subject: "Logto sign-in with SMTP {{   code   }}",
                 content: "This is for sign-in purposes only.
                   Your verification code is {{ code  }}."}
              - {usageType: Register, contentType: text/plain, subject: "Logto register with SMTP",
                 content: "This is for register purposes only. Your verification code is {{code}}."}
              - {usageType: ForgotPassword, contentType: text/plain,
                 subject: "Logto Forgot Password with SMTP",
                 content: "This is for resetting password purposes only.
                   Your verification code is {{code}}."}
              - {usageType: OrganizationInvitation, contentType: text/plain,
                 subject: "Organization invitation",
                 content: "This is for organization invitation. Your link is {{  link}}."}
      """;

  @TempDir Path dir;

  private Run run(Map<String, String> env, String... args) {
    return InProcessCli.run(new CliEnvironment(env, () -> REGISTRY, Clock.systemUTC()), args);
  }

  private Path write(String connectorConfig) throws Exception {
    return Files.writeString(
        dir.resolve("authmail.yaml"),
        """
        network: {allowPrivateAddresses: true}
        tenants:
          default: {email: [logto]}
        connectors:
          logto:
            factory: simple-mail-transfer-protocol
            config:
        """
            + connectorConfig.indent(6)
            + TEMPLATES);
  }

  /**
   * The one line config check prints for the test's loopback relay (a trusted file may reach it).
   */
  private static final String LOOPBACK_RELAY =
      "connectors.logto.config.host: 127.0.0.1 is not a public address: allowed, because connectors"
          + " in this file are the operator's (a connector stored through the API may not reach it"
          + " unless network.allow or network.allowPrivateAddresses opens it)";

  private static List<String> warnings(Run run) {
    return run.out()
        .lines()
        .filter(l -> l.startsWith("  warning: "))
        .map(l -> l.substring("  warning: ".length()))
        .toList();
  }

  private Run send(Map<String, String> env, Path config) {
    return run(
        env,
        "send",
        "--config",
        config.toString(),
        "--data",
        dir.resolve("data").toString(),
        "--to",
        "alice@example.com",
        "--type",
        "SignIn",
        "--code",
        "123456");
  }

  @Test
  void everyKeyOfLogtosSchema() throws Exception {
    GreenMail greenMail =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    greenMail.start();
    try {
      greenMail.setUser("app@example.com", "app", "smtp-pass-93c1");
      Path config =
          write(
              """
              host: 127.0.0.1
              port: %d
              auth: {user: app, pass: "${SMTP_PASS}", type: login}
              fromEmail: notice@example.com
              replyTo: support@example.com
              logger: true
              debug: false
              disableFileAccess: true
              disableUrlAccess: true
              name: logto.example.com
              localAddress: 127.0.0.1
              connectionTimeout: 120000
              greetingTimeout: 30000
              socketTimeout: 900000
              dnsTimeout: 30000
              secure: false
              tls: {rejectUnauthorized: true, ciphers: "HIGH:!aNULL", minVersion: TLSv1.2,
                    honorCipherOrder: true}
              servername: localhost
              ignoreTLS: true
              requireTLS: false
              customHeaders: {X-Logto-Tenant: default, X-Tags: [a, b]}
              """
                  .formatted(greenMail.getSmtp().getPort()));
      Map<String, String> env = Map.of("SMTP_PASS", "smtp-pass-93c1");

      Run check = run(env, "config", "check", config.toString());

      assertThat(check.exit()).as(check.out() + check.err()).isZero();
      assertThat(warnings(check))
          .containsExactlyInAnyOrder(
              "connectors.logto.config.logger: is accepted but not used: authmail logs message ids,"
                  + " never protocol traffic",
              "connectors.logto.config.debug: is accepted but not used: protocol traces would"
                  + " expose credentials and codes",
              "connectors.logto.config.dnsTimeout: is accepted but not used: the JVM's resolver"
                  + " settings apply",
              "connectors.logto.config.tls.ciphers: is accepted but not used: a Node TLS option"
                  + " that authmail cannot apply; the JVM's TLS settings are used",
              "connectors.logto.config.tls.honorCipherOrder: is accepted but not used: a Node TLS"
                  + " option that authmail cannot apply; the JVM's TLS settings are used",
              LOOPBACK_RELAY);

      Run send = send(env, config);

      assertThat(send.exit()).as(send.err()).isZero();
      assertThat(greenMail.getReceivedMessages()).hasSize(1);
      assertThat(greenMail.getReceivedMessages()[0].getSubject())
          .isEqualTo("Logto sign-in with SMTP 123456");
      assertThat(greenMail.getReceivedMessages()[0].getHeader("X-Tags")).containsExactly("a", "b");
      assertThat(check.out() + send.out() + send.err()).doesNotContain("smtp-pass-93c1");
    } finally {
      greenMail.stop();
    }
  }

  @Test
  void oauth2WithARefreshToken() throws Exception {
    try (Xoauth2Peer smtp = new Xoauth2Peer(USER);
        HttpPeer tokenEndpoint = HttpPeer.start()) {
      tokenEndpoint.enqueue(
          Answer.json(
              200,
              "{\"access_token\":\"ya29.cli-token\",\"expires_in\":3599,"
                  + "\"scope\":\"https://mail.google.com/\",\"token_type\":\"Bearer\"}",
              Map.of()));
      smtp.accept("ya29.cli-token");
      Path config =
          write(
              """
              host: 127.0.0.1
              port: %d
              auth: {type: OAuth2, user: %s, clientId: client-id-1.apps.googleusercontent.com,
                     clientSecret: "${CLIENT_SECRET}", refreshToken: "${REFRESH_TOKEN}",
                     accessUrl: "%s/token"}
              fromEmail: %s
              """
                  .formatted(smtp.port(), USER, tokenEndpoint.url(), USER));
      Map<String, String> env =
          Map.of("CLIENT_SECRET", "GOCSPX-secret-1", "REFRESH_TOKEN", "1//refresh-2");

      Run check = run(env, "config", "check", config.toString());
      assertThat(check.exit()).as(check.out() + check.err()).isZero();
      assertThat(warnings(check)).containsExactly(LOOPBACK_RELAY);

      Run send = send(env, config);

      assertThat(send.exit()).as(send.err()).isZero();
      assertThat(smtp.messageCount()).isEqualTo(1);
      assertThat(smtp.offered()).containsExactly("ya29.cli-token");
      assertThat(tokenEndpoint.requestCount()).isEqualTo(1);
      assertThat(tokenEndpoint.takeRequest().body())
          .contains("grant_type=refresh_token", "refresh_token=1%2F%2Frefresh-2");
    }
  }

  @Test
  void oauth2WithAGoogleServiceAccount() throws Exception {
    try (Xoauth2Peer smtp = new Xoauth2Peer(USER);
        HttpPeer tokenEndpoint = HttpPeer.start()) {
      tokenEndpoint.enqueue(
          Answer.json(
              200,
              "{\"access_token\":\"ya29.service\",\"expires_in\":3599,"
                  + "\"token_type\":\"Bearer\"}",
              Map.of()));
      smtp.accept("ya29.service");
      // as pasted from the service account's JSON file: the key on one line with \n escapes
      Path config =
          write(
              """
              host: 127.0.0.1
              port: %d
              auth: {user: %s, serviceClient: "110049162741398740823", privateKey: "${SERVICE_KEY}",
                     accessUrl: "%s/token"}
              fromEmail: %s
              """
                  .formatted(smtp.port(), USER, tokenEndpoint.url(), USER));
      Map<String, String> env =
          Map.of("SERVICE_KEY", ServiceAccountKey.PRIVATE_PEM.replace("\n", "\\n"));

      Run check = run(env, "config", "check", config.toString());
      assertThat(check.exit()).as(check.out() + check.err()).isZero();
      assertThat(warnings(check)).containsExactly(LOOPBACK_RELAY);

      Run send = send(env, config);

      assertThat(send.exit()).as(send.err()).isZero();
      assertThat(smtp.offered()).containsExactly("ya29.service");
      assertThat(smtp.messageCount()).isEqualTo(1);
      assertThat(tokenEndpoint.takeRequest().body())
          .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
      assertThat(check.out() + send.out() + send.err()).doesNotContain("PRIVATE KEY");
    }
  }
}
