package dev.authmail.connector.logtoemail.branding;

import dev.authmail.connector.logtoemail.remote.RemoteSettings;
import java.util.Locale;
import java.util.Set;

/**
 * Explains why a key that is not branding is refused. People try these keys because the other
 * connectors take them; the message says what the built-in service does instead and where to go.
 */
final class ForeignKeys {
  private static final String ALTERNATIVES =
      " To send from your own address or with your own templates, use another connector instead:"
          + " smtp, sendgrid, ses or http.";
  private static final String ONLY =
      "the built-in email service (logto-email) takes only senderName,"
          + " companyInformation and appLogo.";

  private static final Set<String> SENDER =
      Set.of(
          "fromemail",
          "from",
          "fromaddress",
          "sendfrom",
          "sender",
          "senderemail",
          "senderaddress",
          "emailaddress",
          "replyto",
          "fromname",
          "returnpath");
  private static final Set<String> CONTENT =
      Set.of(
          "html",
          "css",
          "style",
          "styles",
          "template",
          "templates",
          "content",
          "contenttype",
          "subject",
          "body",
          "layout",
          "header",
          "headers",
          "customheaders",
          "footer",
          "link",
          "links",
          "text");
  private static final Set<String> REMOTE =
      Set.of("endpoint", "accesstoken", "token", "apikey", "authorization");

  private ForeignKeys() {}

  static String explain(String key) {
    String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (SENDER.contains(k)) {
      return "cannot be set: "
          + ONLY
          + " Every tenant sends from the platform's one fixed address, which"
          + " the operator sets (platform.fromAddress); your senderName is shown as the From name."
          + ALTERNATIVES;
    }
    if (CONTENT.contains(k)) {
      return "cannot be set: "
          + ONLY
          + " Its layout and texts are built in and shared by every tenant"
          + " (no custom HTML, CSS, templates or links), which keeps the shared sender trusted."
          + ALTERNATIVES;
    }
    if (REMOTE.contains(k)) {
      return "cannot be set by a tenant: remote mode (a hosted email service) is an operator"
          + " setting, given by the environment variables "
          + RemoteSettings.ENDPOINT_ENV
          + " and "
          + RemoteSettings.ACCESS_TOKEN_ENV
          + ".";
    }
    return "is not a setting: " + ONLY + ALTERNATIVES;
  }
}
