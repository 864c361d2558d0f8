package dev.authmail.connector.logtoemail.template;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.branding.AppLogo;
import dev.authmail.connector.logtoemail.i18n.Messages;
import freemarker.cache.StrongCacheStorage;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the built-in templates ({@code templates/html/<Type>.ftlh} and {@code
 * templates/text/<Type>.ftl}, both wrapping themselves in the one layout of {@code
 * templates/lib/}).
 *
 * <p>One FreeMarker {@link Configuration} for the whole process ({@link #shared()}): parsing a
 * template costs ~50× rendering a cached one (docs/design/field-notes.md), and the templates in a
 * jar never change, so they are parsed once, kept forever, and never checked for updates. {@code
 * .ftlh} files auto-escape HTML, so every value, tenant's or platform's, is text.
 *
 * <p>Thread-safe: FreeMarker's configuration and cached templates are safe for concurrent use.
 */
public final class EmailRenderer {
  private static final String ROOT = "dev/authmail/connector/logtoemail/templates";
  private static final int NAME_MAX = 100;
  private static final EmailRenderer SHARED = new EmailRenderer();

  private final Configuration freemarker;

  private EmailRenderer() {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassLoaderForTemplateLoading(EmailRenderer.class.getClassLoader(), ROOT);
    cfg.setDefaultEncoding("UTF-8");
    cfg.setRecognizeStandardFileExtensions(true); // .ftlh → HTML auto-escaping, .ftl → plain
    cfg.setLocalizedLookup(false); // languages are ours (Messages), not file names
    cfg.setCacheStorage(new StrongCacheStorage()); // 20 small templates: keep them all
    cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setNumberFormat("computer");
    // The templates are ours, but nothing in them needs Java access; keep the door shut anyway.
    cfg.setAPIBuiltinEnabled(false);
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    this.freemarker = cfg;
  }

  /** The process-wide renderer. */
  public static EmailRenderer shared() {
    return SHARED;
  }

  /**
   * Renders one email. Safe for concurrent use.
   *
   * @throws ConnectorException INVALID_REQUEST when the payload cannot make this email (no code for
   *     a code email, an unsafe invitation link); INTERNAL when a template fails (a bug)
   */
  public EmailContent render(EmailModel email) {
    Map<String, Object> data = model(email);
    String html = process("html/" + email.type().wireName() + ".ftlh", data).strip();
    String text = tidyText(process("text/" + email.type().wireName() + ".ftl", data));
    List<InlineImage> images =
        email.branding().logo().flatMap(AppLogo::inlineImage).map(List::of).orElse(List.of());
    return new EmailContent(email.language(), (String) data.get("subject"), html, text, images);
  }

  private Map<String, Object> model(EmailModel email) {
    UsageType type = email.type();
    boolean invitation = type == UsageType.OrganizationInvitation;
    String code = email.codeValue().map(String::strip).orElse(null);
    String link =
        invitation && email.link() != null && !email.link().isBlank()
            ? InvitationLink.check(email.link())
            : null;
    if (code != null && (code.length() > 64 || code.chars().anyMatch(Character::isISOControl))) {
      throw new ConnectorException(
          ErrorCode.INVALID_REQUEST,
          "payload.code must be at most 64 characters without control characters");
    }
    if (code == null && !invitation) {
      throw new ConnectorException(
          ErrorCode.INVALID_REQUEST, "payload.code is required for " + type.wireName() + " emails");
    }
    if (code == null && link == null) {
      throw new ConnectorException(
          ErrorCode.INVALID_REQUEST,
          "payload.link (or payload.code) is required for OrganizationInvitation emails");
    }
    String organization = cleanName(email.organizationName());
    String inviter = cleanName(email.inviterName());

    Map<String, String> arguments = new HashMap<>();
    arguments.put("minutes", Integer.toString(email.expiryMinutes()));
    if (organization != null) {
      arguments.put("organization", organization);
    }
    if (inviter != null) {
      arguments.put("inviter", inviter);
    }
    Map<String, String> m = Messages.localized(email.language(), arguments);
    String subjectKey =
        type.wireName() + (invitation && organization == null ? ".subjectNoName" : ".subject");

    Map<String, Object> data = new HashMap<>();
    data.put("m", m);
    data.put("lang", email.language());
    data.put("subject", require(m, subjectKey));
    data.put(
        "preheader",
        require(m, invitation ? "OrganizationInvitation.heading" : type.wireName() + ".intro"));
    data.put("senderName", email.branding().senderName().orElse(""));
    data.put("company", email.branding().companyLines());
    data.put("minutes", email.expiryMinutes());
    // An upload is shown as cid: and travels as an inline part (see AppLogo), never as data: in the
    // HTML.
    email.branding().logo().ifPresent(logo -> data.put("logo", logo.htmlSrc()));
    putIfPresent(data, "code", code);
    putIfPresent(data, "link", link);
    putIfPresent(data, "organization", organization);
    putIfPresent(data, "inviter", inviter);
    return data;
  }

  private String process(String name, Map<String, Object> data) {
    try {
      Template template = freemarker.getTemplate(name);
      StringWriter out = new StringWriter(8 * 1024);
      template.process(data, out);
      return out.toString();
    } catch (IOException | TemplateException e) {
      // Never the model in the message: it holds the code.
      throw new ConnectorException(
          ErrorCode.INTERNAL,
          "built-in template " + name + " failed: " + e.getClass().getSimpleName(),
          e);
    }
  }

  /** Drops trailing spaces and runs of blank lines the template's structure leaves behind. */
  private static String tidyText(String text) {
    return text.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip() + "\n";
  }

  /** Payload names go into the subject (a header) and the text: one line, bounded. */
  private static String cleanName(String name) {
    if (name == null) {
      return null;
    }
    String clean =
        name.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]+", " ")
            .replaceAll("\\s+", " ")
            .strip();
    if (clean.isEmpty()) {
      return null;
    }
    return clean.codePointCount(0, clean.length()) > NAME_MAX
        ? clean.substring(0, clean.offsetByCodePoints(0, NAME_MAX)) + "…"
        : clean;
  }

  private static String require(Map<String, String> m, String key) {
    String value = m.get(key);
    if (value == null) {
      throw new ConnectorException(ErrorCode.INTERNAL, "built-in message " + key + " is missing");
    }
    return value;
  }

  private static void putIfPresent(Map<String, Object> data, String key, Object value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
