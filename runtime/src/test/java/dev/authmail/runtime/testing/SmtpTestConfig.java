package dev.authmail.runtime.testing;

import dev.authmail.connector.tck.TckTemplates;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SMTP connector configuration the tests send with: a local server, plain text, short timeouts.
 */
public final class SmtpTestConfig {
  private SmtpTestConfig() {}

  /**
   * The {@code config} of an SMTP connector for a server on 127.0.0.1:{@code port}: no TLS, Logto's
   * four templates, 2 s timeouts. A mutable map, for a test to add to (e.g. {@code auth}).
   */
  public static Map<String, Object> loopback(int port) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", port);
    config.put("fromEmail", "noreply@example.com");
    config.put("ignoreTLS", true);
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("connectionTimeout", 2000);
    config.put("greetingTimeout", 2000);
    config.put("socketTimeout", 2000);
    return config;
  }
}
