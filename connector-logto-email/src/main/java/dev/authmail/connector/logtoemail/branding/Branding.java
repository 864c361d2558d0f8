package dev.authmail.connector.logtoemail.branding;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConnectorException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tenant may set on the built-in email service, and nothing else: {@code senderName}, {@code
 * companyInformation} and {@code appLogo}, checked by {@link #from}. Immutable and thread-safe;
 * {@link #toString()} shows no logo data.
 */
public final class Branding {
  public static final String SENDER_NAME = "senderName";
  public static final String COMPANY_INFORMATION = "companyInformation";
  public static final String APP_LOGO = "appLogo";

  /** The From display name when the tenant set none, as in Logto. */
  public static final String DEFAULT_SENDER_NAME = "Verification";

  public static final List<String> KEYS = List.of(SENDER_NAME, COMPANY_INFORMATION, APP_LOGO);

  private static final Branding NONE = new Branding(null, List.of(), null);

  private final String senderName;
  private final List<String> companyLines;
  private final AppLogo logo;

  private Branding(String senderName, List<String> companyLines, AppLogo logo) {
    this.senderName = senderName;
    this.companyLines = List.copyOf(companyLines);
    this.logo = logo;
  }

  /** No branding: the emails still look finished, signed "Verification". */
  public static Branding none() {
    return NONE;
  }

  /**
   * Checks a tenant's settings. Every problem is reported at once, each naming its key. A key other
   * than the three branding keys is refused with a message explaining why and which connector to
   * use instead.
   *
   * @param raw the connector's config (JSON-shaped); {@code null} values count as absent
   * @throws ConnectorException INVALID_CONFIG listing every problem
   */
  public static Branding from(Map<String, ?> raw) {
    ConfigProblems problems = new ConfigProblems();
    for (String key : raw.keySet()) {
      if (!KEYS.contains(key)) {
        problems.add(key, ForeignKeys.explain(key));
      }
    }
    String senderName =
        problems.collect(
            () -> BrandingText.senderName(SENDER_NAME, text(raw, SENDER_NAME)).orElse(null));
    List<String> company =
        problems.collect(
            () -> BrandingText.companyLines(COMPANY_INFORMATION, text(raw, COMPANY_INFORMATION)));
    AppLogo logo = problems.collect(() -> AppLogo.parse(APP_LOGO, text(raw, APP_LOGO)));
    problems.throwIfAny();
    return new Branding(senderName, company == null ? List.of() : company, logo);
  }

  /** The tenant's sender name, when set. */
  public Optional<String> senderName() {
    return Optional.ofNullable(senderName);
  }

  /** The From display name: the sender name, or {@value #DEFAULT_SENDER_NAME}. */
  public String displayName() {
    return senderName != null ? senderName : DEFAULT_SENDER_NAME;
  }

  /** Company information, one entry per line; empty when not set. */
  public List<String> companyLines() {
    return companyLines;
  }

  /** Company information as one text with LF line breaks, when set. */
  public Optional<String> companyInformation() {
    return companyLines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", companyLines));
  }

  public Optional<AppLogo> logo() {
    return Optional.ofNullable(logo);
  }

  @Override
  public String toString() {
    return "Branding[senderName="
        + senderName
        + ", companyLines="
        + companyLines.size()
        + ", logo="
        + logo
        + "]";
  }

  private static String text(Map<String, ?> raw, String key) {
    Object value = raw.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw ConnectorException.invalidConfig(
        key, "must be text, not " + (value instanceof Map ? "an object" : "a list"));
  }
}
