package dev.authmail.connector.tck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Templates in the shape of Logto's email connectors' {@code templates} config key: a list of
 * {@code {usageType, contentType, subject, content}} objects. Each subject and content holds {@code
 * {{code}}}, so a test can check that the code reached the message.
 */
public final class TckTemplates {
  /** The usage types {@link #logtoTemplates()} covers, in order. */
  public static final List<String> USAGE_TYPES =
      List.of("Register", "SignIn", "ForgotPassword", "Generic");

  private TckTemplates() {}

  /**
   * Fresh, mutable templates for Register, SignIn, ForgotPassword and Generic, HTML content, as a
   * Logto SMTP connector config holds them.
   */
  public static List<Map<String, Object>> logtoTemplates() {
    List<Map<String, Object>> templates = new ArrayList<>();
    for (String usageType : USAGE_TYPES) {
      templates.add(logtoTemplate(usageType));
    }
    return templates;
  }

  /** One fresh, mutable HTML template for {@code usageType} (Logto's spelling). */
  public static Map<String, Object> logtoTemplate(String usageType) {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("usageType", usageType);
    template.put("contentType", "text/html");
    template.put("subject", usageType + " verification code: {{code}}");
    template.put(
        "content",
        "<p>Your "
            + usageType
            + " verification code is <strong>{{code}}</strong>.</p>"
            + "<p>It expires in 10 minutes.</p>");
    return template;
  }
}
