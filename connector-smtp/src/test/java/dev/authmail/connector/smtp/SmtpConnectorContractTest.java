package dev.authmail.connector.smtp;

import static dev.authmail.connector.smtp.ScriptedSmtpServer.dialog;
import static dev.authmail.connector.smtp.ScriptedSmtpServer.replies;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.connector.tck.ConnectorContractTest;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import dev.authmail.connector.tck.TckTemplates;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The TCK against real peers: GreenMail receives the mail, reached through a {@link
 * ScriptedSmtpServer} that relays to it while healthy and plays the fault's SMTP dialog otherwise.
 */
class SmtpConnectorContractTest extends ConnectorContractTest {
  static final String PASSWORD = "tck-smtp-Pa55word-7c1e";

  private GreenMail greenMail;
  private ScriptedSmtpServer front;

  @BeforeEach
  void startPeers() throws IOException {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    greenMail.setUser("app@example.com", "app", PASSWORD);
    front =
        ScriptedSmtpServer.start(ScriptedSmtpServer.relayTo(greenMail.getSmtp().getPort(), true));
  }

  @AfterEach
  void stopPeers() {
    front.close();
    greenMail.stop();
  }

  @Override
  protected String factoryId() {
    return SmtpConnectorFactory.ID;
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", front.port());
    config.put("auth", new LinkedHashMap<>(Map.of("user", "app", "pass", PASSWORD)));
    config.put("fromEmail", "noreply@example.com");
    config.put("fromName", "Example");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("connectionTimeout", 1000);
    config.put("greetingTimeout", 1000);
    config.put("socketTimeout", 1000);
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(PASSWORD);
  }

  @Override
  protected void arrangeFault(Fault fault) {
    front.behave(
        switch (fault) {
          case REJECTED ->
              dialog(
                  replies()
                      .rcpt("550 5.1.1 <tck.recipient@example.com>: Recipient address rejected"));
          case AUTHENTICATION_FAILED ->
              dialog(replies().auth("535 5.7.8 Authentication credentials invalid"));
          case RATE_LIMITED -> dialog(replies().dot("451 4.7.1 Too many messages, slow down"));
          case UNAVAILABLE -> ScriptedSmtpServer.reset();
          case TIMEOUT -> ScriptedSmtpServer.silent();
        });
  }

  @Override
  protected void arrangeSuccess() {
    front.behave(ScriptedSmtpServer.relayTo(greenMail.getSmtp().getPort(), true));
  }

  @Override
  protected int acceptedCount() {
    return greenMail.getReceivedMessages().length;
  }

  @Override
  protected int connectionCount() {
    return front.connectionCount();
  }

  /**
   * GreenMail's last message; credentials: the client authenticated (the relay saw AUTH) and
   * GreenMail, which knows the user and refuses a wrong password with 535, took the message.
   */
  @Override
  protected ReceivedEmail lastReceived() {
    MimeMessage[] messages = greenMail.getReceivedMessages();
    if (messages.length == 0) {
      throw new AssertionError("GreenMail received no message");
    }
    boolean authenticated =
        front.commands().stream().anyMatch(c -> c.toUpperCase(Locale.ROOT).startsWith("AUTH "));
    return ReceivedMime.decode(messages[messages.length - 1], authenticated);
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> badFrom = validConfig();
    badFrom.put("fromEmail", "not an address");
    Map<String, Object> refreshWithoutSecret = validConfig();
    refreshWithoutSecret.put(
        "auth",
        Map.of("type", "oauth2", "user", "app", "clientId", "id", "refreshToken", "r-token"));
    Map<String, Object> overridingFrom = validConfig();
    overridingFrom.put("customHeaders", Map.of("From", "attacker@example.net"));
    Map<String, Object> injectedHeader = validConfig();
    injectedHeader.put("customHeaders", Map.of("X-Campaign", "a\r\nBcc: victim@example.net"));
    Map<String, Object> contradictoryTls = validConfig();
    contradictoryTls.put("secure", true);
    contradictoryTls.put("tlsMode", "none");
    Map<String, Object> missingTemplate = validConfig();
    missingTemplate.put("templates", List.of(TckTemplates.logtoTemplate("SignIn")));
    return Map.of(
        "fromEmail", badFrom,
        "auth.refreshToken", refreshWithoutSecret,
        "customHeaders.From", overridingFrom,
        "customHeaders.X-Campaign", injectedHeader,
        "tlsMode", contradictoryTls,
        "templates", missingTemplate);
  }
}
