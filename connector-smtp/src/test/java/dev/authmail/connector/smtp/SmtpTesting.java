package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.tck.TckTemplates;
import dev.authmail.connector.tck.TestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Configs, requests and connectors for the SMTP tests. */
final class SmtpTesting {
  static final String PASSWORD = "smtp-test-Pa55word-0b7d";
  private static final AtomicInteger IDS = new AtomicInteger();

  private SmtpTesting() {}

  /** A config for a server on 127.0.0.1:port with short timeouts, Logto templates and no auth. */
  static Map<String, Object> config(int port) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", port);
    config.put("fromEmail", "noreply@example.com");
    config.put("fromName", "Example");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("connectionTimeout", 1000);
    config.put("greetingTimeout", 1000);
    config.put("socketTimeout", 1000);
    return config;
  }

  static Map<String, Object> withPassword(Map<String, Object> config) {
    config.put("auth", new LinkedHashMap<>(Map.of("user", "app", "pass", PASSWORD)));
    return config;
  }

  static SmtpConnector connector(Map<String, Object> raw) {
    return connector(raw, TestContext.create());
  }

  static SmtpConnector connector(Map<String, Object> raw, ConnectorContext context) {
    SmtpConnectorFactory factory = new SmtpConnectorFactory();
    return (SmtpConnector) factory.create(factory.configSpec().bind(raw), context);
  }

  static EmailRequest signIn(String to, String code) {
    return request(to, UsageType.SignIn, Payload.builder().code(code).locale("en").build());
  }

  static EmailRequest request(String to, UsageType type, Payload payload) {
    return new EmailRequest(EmailAddress.parse(to), type, payload, "msg-" + IDS.incrementAndGet());
  }

  /** Logto templates with Japanese SignIn text: subject and both parts carry the code. */
  static List<Map<String, Object>> japaneseTemplates() {
    List<Map<String, Object>> templates = new ArrayList<>(TckTemplates.logtoTemplates());
    templates.removeIf(t -> t.get("usageType").equals("SignIn"));
    templates.add(
        new LinkedHashMap<>(
            Map.of(
                "usageType", "SignIn",
                "contentType", "text/html",
                "subject", "ログイン認証コード: {{code}}",
                "content",
                    "<p>こんにちは。あなたの認証コードは <strong>{{code}}</strong> です。</p><p>10分間有効です。</p>")));
    return templates;
  }
}
