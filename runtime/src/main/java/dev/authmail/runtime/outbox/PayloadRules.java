package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What each usage type needs from a payload, checked when a message is accepted (the same for every
 * connector, so that a message that can never be sent is refused with 400 instead of failing
 * later): every type but {@code OrganizationInvitation} carries the one-time {@code code} (Logto's
 * passcode library always sends one); {@code OrganizationInvitation} carries the invitation {@code
 * link}; a {@code link}, whatever the type, is an absolute {@code http(s)} URL because templates
 * put it into an {@code href}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PayloadRules {
  /** Longest {@code code} accepted: Logto's are 6 digits; some platforms send longer tokens. */
  public static final int MAX_CODE_LENGTH = 64;

  private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^/?#]+");

  private PayloadRules() {}

  /**
   * Every problem at once, each with its path ({@code payload.code}, {@code payload.link}).
   *
   * @param type the usage type, or {@code null} when it is not known (then only the values' shapes
   *     are checked, not what a type requires)
   */
  public static List<ConfigProblem> problems(UsageType type, Payload payload) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (type == null) {
      // nothing is required of an unknown type; the caller reports the type
    } else if (type == UsageType.OrganizationInvitation) {
      if (payload.link().filter(l -> !l.isBlank()).isEmpty()) {
        problems.add(
            new ConfigProblem(
                "payload.link",
                "is required for OrganizationInvitation: the https:// link that accepts the"
                    + " invitation"));
      }
    } else if (payload.code().filter(c -> !c.isBlank()).isEmpty()) {
      problems.add(
          new ConfigProblem(
              "payload.code",
              "is required for " + type.wireName() + ": the one-time code the email carries"));
    }
    payload
        .code()
        .ifPresent(
            code -> {
              if (code.length() > MAX_CODE_LENGTH
                  || code.chars().anyMatch(Character::isISOControl)) {
                problems.add(
                    new ConfigProblem(
                        "payload.code",
                        "must be at most "
                            + MAX_CODE_LENGTH
                            + " characters without control characters"));
              }
            });
    payload
        .link()
        .ifPresent(
            link -> {
              String why = linkProblem(link);
              if (why != null) {
                problems.add(new ConfigProblem("payload.link", why));
              }
            });
    return problems;
  }

  /** Why a link cannot be put in an {@code href}, or {@code null} when it can. */
  private static String linkProblem(String link) {
    if (link.isBlank()) {
      return null; // an empty link is no link; OrganizationInvitation's requirement reports it
    }
    if (link.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      return "must be an http:// or https:// URL without spaces or control characters";
    }
    if (!HTTP_URL.matcher(link).lookingAt()) {
      return "must be an absolute http:// or https:// URL (a link goes into an href; javascript:"
          + " and data: are refused)";
    }
    return null;
  }
}
