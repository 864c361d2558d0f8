package dev.authmail.connector.logtoemail.preview;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.branding.Branding;
import dev.authmail.connector.logtoemail.i18n.Languages;
import dev.authmail.connector.logtoemail.template.EmailContent;
import dev.authmail.connector.logtoemail.template.EmailModel;
import dev.authmail.connector.logtoemail.template.EmailRenderer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a built-in email exactly as local mode would send it, for a person to look at ({@code
 * authmail preview}, the console). Sample values fill what a preview has no payload for: code
 * {@value #SAMPLE_CODE}, organization "{@value #SAMPLE_ORGANIZATION}", inviter "{@value
 * #SAMPLE_INVITER}", link {@value #SAMPLE_LINK}. Stateless and thread-safe.
 */
public final class EmailPreview {
  public static final String SAMPLE_CODE = "123456";
  public static final String SAMPLE_ORGANIZATION = "Acme";
  public static final String SAMPLE_INVITER = "Alex";
  public static final String SAMPLE_LINK =
      "https://auth.example.com/invitation/accept?token=sample";

  private EmailPreview() {}

  /**
   * What a preview shows: the chosen language, the From display name, subject, HTML and text. The
   * HTML is for a browser: an uploaded logo is in it as a data URI, where a sent email has a {@code
   * cid:} reference and an inline part.
   */
  public record Result(String language, String fromName, String subject, String html, String text) {
    public Result {
      Objects.requireNonNull(language, "language is null");
      Objects.requireNonNull(fromName, "fromName is null");
      Objects.requireNonNull(subject, "subject is null");
      Objects.requireNonNull(html, "html is null");
      Objects.requireNonNull(text, "text is null");
    }
  }

  /**
   * A preview with sample values.
   *
   * @param type the usage type
   * @param locale a language tag ({@code ja}, {@code fr-CA}, {@code zh-HK}…), resolved by the
   *     built-in language chain; {@code null} means English
   * @param branding the tenant's connector config ({@code senderName}, {@code companyInformation},
   *     {@code appLogo}); empty for none
   * @throws ConnectorException INVALID_CONFIG naming each bad branding key
   */
  public static Result render(UsageType type, String locale, Map<String, ?> branding) {
    Payload payload =
        Payload.builder()
            .code(SAMPLE_CODE)
            .link(type == UsageType.OrganizationInvitation ? SAMPLE_LINK : null)
            .organization(Map.of("name", SAMPLE_ORGANIZATION))
            .inviter(Map.of("name", SAMPLE_INVITER))
            .locale(locale)
            .build();
    return render(type, payload, branding, EmailModel.DEFAULT_EXPIRY_MINUTES);
  }

  /**
   * A preview of a real payload (its {@code locale}/{@code uiLocales} choose the language).
   *
   * @throws ConnectorException INVALID_CONFIG for bad branding, INVALID_REQUEST for a payload the
   *     service would refuse (no code, an unsafe invitation link)
   */
  public static Result render(
      UsageType type, Payload payload, Map<String, ?> branding, int expiryMinutes) {
    Branding checked = Branding.from(branding);
    String language =
        Languages.resolve(payload.locale().orElse(null), payload.uiLocales().orElse(null), null);
    EmailModel model =
        new EmailModel(
            type,
            language,
            payload.code().orElse(null),
            payload.link().orElse(null),
            name(payload.organization()),
            name(payload.inviter()),
            checked,
            expiryMinutes);
    EmailContent content = EmailRenderer.shared().render(model);
    return new Result(
        content.language(),
        checked.displayName(),
        content.subject(),
        content.htmlForViewing(),
        content.text());
  }

  /** The built-in languages, for a console's language picker. */
  public static List<String> languages() {
    return Languages.SUPPORTED;
  }

  private static String name(Map<String, Object> object) {
    return object.get("name") instanceof String s ? s : null;
  }
}
