package dev.authmail.connector.logtoemail.template;

import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.branding.Branding;
import java.util.Objects;
import java.util.Optional;

/**
 * What one built-in email says, before rendering. Strings are raw (unescaped) text; the templates
 * escape them. {@link #toString()} leaves out the code and link.
 *
 * @param type the usage type: chooses the content block
 * @param language one of {@code Languages.SUPPORTED}
 * @param code the one-time code, may be {@code null} (required for every type but invitations)
 * @param link the invitation link, may be {@code null}; used for {@code OrganizationInvitation}
 *     only
 * @param organizationName {@code payload.organization.name}, may be {@code null}
 * @param inviterName {@code payload.inviter.name}, may be {@code null}
 * @param branding the tenant's branding
 * @param expiryMinutes the code's lifetime shown in the expiry hint
 */
public record EmailModel(
    UsageType type,
    String language,
    String code,
    String link,
    String organizationName,
    String inviterName,
    Branding branding,
    int expiryMinutes) {
  /** Logto's default lifetime of a verification code. */
  public static final int DEFAULT_EXPIRY_MINUTES = 10;

  public EmailModel {
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(language, "language is null");
    Objects.requireNonNull(branding, "branding is null");
    if (expiryMinutes < 1 || expiryMinutes > 24 * 60) {
      throw new IllegalArgumentException(
          "expiryMinutes must be from 1 to 1440, got " + expiryMinutes);
    }
  }

  public Optional<String> codeValue() {
    return Optional.ofNullable(code).filter(c -> !c.isBlank());
  }

  @Override
  public String toString() {
    return "EmailModel[type=" + type + ", language=" + language + ", branding=" + branding + "]";
  }
}
