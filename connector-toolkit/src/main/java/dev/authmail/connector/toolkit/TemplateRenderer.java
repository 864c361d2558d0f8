package dev.authmail.connector.toolkit;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.api.template.StoredTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses and renders the template for a request, the same way for every connector with templates.
 * Lookup order: stored templates for (type, each tag of the language chain), then stored (Generic,
 * each tag), then the config templates (type, then Generic); none → {@link
 * ErrorCode#TEMPLATE_NOT_FOUND}. The chain comes from the payload's {@code locale} and {@code
 * uiLocales} and ends with the tenant's default language ({@link LanguageTags}).
 *
 * <p>Stateless and thread-safe.
 */
public final class TemplateRenderer {
  private TemplateRenderer() {}

  /**
   * The rendered parts, ready for a {@code RenderedEmail}. An HTML template has no {@code text}
   * here: {@link RenderedEmail.Builder#build()} derives it from the HTML (the contract's one
   * HTML-to-text rule, so a connector that builds its own email gets the same text part).
   *
   * @param html the HTML part, or {@code null} for a text template
   * @param text the text part, or {@code null} for an HTML template
   */
  public record Rendered(
      String subject,
      String html,
      String text,
      String replyTo,
      String sendFrom,
      String languageTag) {}

  /**
   * Renders the request's template ({@link #render(EmailRequest, List, ConnectorContext)}) into the
   * email a connector delivers: to the request's recipient, with the rendered subject, HTML and
   * text, the template's {@code sendFrom} as the sender's display name and its {@code replyTo} as
   * Reply-To, and the request's message id and type. The sender address is left to the transport's
   * configuration.
   *
   * @param configTemplates the connector's own templates (may be empty)
   * @throws ConnectorException {@link ErrorCode#TEMPLATE_NOT_FOUND} when nothing matches; {@link
   *     ErrorCode#INVALID_CONFIG} when the template's {@code replyTo} does not render to an
   *     address; {@link ErrorCode#INVALID_REQUEST} when the rendered parts cannot make an email
   */
  public static RenderedEmail renderEmail(
      EmailRequest request, List<EmailTemplate> configTemplates, ConnectorContext context) {
    return email(request, render(request, configTemplates, context));
  }

  /**
   * The email of the tenant's stored template for this request (type, then {@code Generic}, along
   * the language chain), or empty when the tenant stored none: for connectors whose own config
   * names a provider-side template instead of content (Mailgun's {@code template}, Postmark's
   * {@code templateAlias}), which a stored template still overrides.
   *
   * @throws ConnectorException as {@link #renderEmail}, except TEMPLATE_NOT_FOUND
   */
  public static Optional<RenderedEmail> renderStoredEmail(
      EmailRequest request, ConnectorContext context) {
    return choose(request, List.of(), context)
        .map(c -> email(request, render(c.template(), request.payload().asMap(), c.languageTag())));
  }

  private static RenderedEmail email(EmailRequest request, Rendered rendered) {
    EmailAddress replyTo = rendered.replyTo() == null ? null : replyTo(rendered.replyTo());
    try {
      return RenderedEmail.builder()
          .to(request.to())
          .subject(rendered.subject())
          .html(rendered.html())
          .text(rendered.text())
          .fromName(rendered.sendFrom())
          .replyTo(replyTo)
          .messageId(request.messageId())
          .type(request.type())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ErrorCode.INVALID_REQUEST,
          "the rendered "
              + request.type().wireName()
              + " template cannot be sent: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The template's rendered {@code replyTo}: a template is configuration, so a bad one is a config
   * error.
   */
  private static EmailAddress replyTo(String rendered) {
    try {
      return EmailAddress.parse(rendered);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ErrorCode.INVALID_CONFIG, "the template's replyTo is not an address: " + e.getMessage());
    }
  }

  /**
   * @param configTemplates the connector's own templates (may be empty)
   * @throws ConnectorException {@link ErrorCode#TEMPLATE_NOT_FOUND} when nothing matches
   */
  public static Rendered render(
      EmailRequest request, List<EmailTemplate> configTemplates, ConnectorContext context) {
    Chosen c =
        choose(request, configTemplates, context)
            .orElseThrow(
                () ->
                    new ConnectorException(
                        ErrorCode.TEMPLATE_NOT_FOUND,
                        "no template for usage type "
                            + request.type().wireName()
                            + " nor for Generic; add one to the connector's templates"));
    return render(c.template(), request.payload().asMap(), c.languageTag());
  }

  /**
   * The payload values that the template this request would use puts into a header (subject, {@code
   * sendFrom}, {@code replyTo}) and that hold a line break: one problem per payload path, for
   * {@link dev.authmail.connector.api.EmailConnector#requestProblems}. A line break anywhere else
   * (HTML or text content) is fine. No template: nothing to say here (sending reports it).
   */
  public static List<ConfigProblem> headerProblems(
      EmailRequest request, List<EmailTemplate> configTemplates, ConnectorContext context) {
    Map<String, Object> data = request.payload().asMap();
    if (!hasLineBreak(data)) {
      return List.of(); // the usual case, decided without choosing a template
    }
    Optional<Chosen> chosen = choose(request, configTemplates, context);
    if (chosen.isEmpty()) {
      return List.of();
    }
    EmailTemplate t = chosen.get().template();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("subject", t.subject());
    headers.put("sendFrom", t.sendFrom());
    headers.put("replyTo", t.replyTo());
    Map<String, ConfigProblem> problems = new LinkedHashMap<>();
    headers.forEach(
        (header, template) -> {
          for (String path : Placeholders.filledPaths(template, data)) {
            String value = JsText.of(Placeholders.lookup(data, path));
            if ((value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)
                && !problems.containsKey(path)) {
              problems.put(
                  path,
                  new ConfigProblem(
                      "payload." + path,
                      "contains a line break, and the "
                          + request.type().wireName()
                          + " template puts it into the email's "
                          + header
                          + " (a header line); send it on one line"));
            }
          }
        });
    return List.copyOf(problems.values());
  }

  private static boolean hasLineBreak(Object value) {
    if (value instanceof String s) {
      return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(TemplateRenderer::hasLineBreak);
    }
    if (value instanceof List<?> list) {
      return list.stream().anyMatch(TemplateRenderer::hasLineBreak);
    }
    return false;
  }

  private static Optional<Chosen> choose(
      EmailRequest request, List<EmailTemplate> configTemplates, ConnectorContext context) {
    Payload payload = request.payload();
    List<String> chain =
        LanguageTags.chain(
            payload.locale().orElse(null),
            payload.uiLocales().orElse(null),
            context.defaultLanguage());
    StoredTemplates stored = context.templates();
    Optional<Chosen> chosen = fromStore(stored, request.type(), chain);
    if (chosen.isEmpty() && request.type() != UsageType.Generic) {
      chosen = fromStore(stored, UsageType.Generic, chain);
    }
    if (chosen.isEmpty()) {
      chosen =
          fromConfig(configTemplates, request.type())
              .or(() -> fromConfig(configTemplates, UsageType.Generic));
    }
    return chosen;
  }

  /**
   * Renders one template with Logto's placeholders: escaped in HTML content, subject on one line.
   */
  public static Rendered render(EmailTemplate template, Map<String, ?> data, String languageTag) {
    String subject = oneLine(Placeholders.render(template.subject(), data));
    String html = null;
    String text = null;
    if (template.contentType() == EmailTemplate.ContentType.HTML) {
      html = Placeholders.renderHtml(template.content(), data);
    } else {
      text = Placeholders.render(template.content(), data);
    }
    String replyTo =
        template.replyTo() == null
            ? null
            : oneLine(Placeholders.render(template.replyTo(), data)).strip();
    String sendFrom =
        template.sendFrom() == null
            ? null
            : oneLine(Placeholders.render(template.sendFrom(), data)).strip();
    return new Rendered(
        subject, html, text, emptyToNull(replyTo), emptyToNull(sendFrom), languageTag);
  }

  private record Chosen(EmailTemplate template, String languageTag) {}

  private static Optional<Chosen> fromStore(
      StoredTemplates stored, UsageType type, List<String> chain) {
    for (String tag : chain) {
      Optional<EmailTemplate> t = stored.find(type, tag);
      if (t.isPresent()) {
        return Optional.of(new Chosen(t.get(), tag));
      }
    }
    return Optional.empty();
  }

  private static Optional<Chosen> fromConfig(List<EmailTemplate> templates, UsageType type) {
    return templates.stream()
        .filter(t -> t.usageType() == type)
        .findFirst()
        .map(t -> new Chosen(t, null));
  }

  /**
   * Values from a payload must not break a header line: control characters (C0, DEL and C1, which
   * {@code RenderedEmail} refuses) become spaces.
   */
  private static String oneLine(String s) {
    return s == null ? null : s.replaceAll("[\\x00-\\x1f\\x7f-\\x9f]+", " ");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
