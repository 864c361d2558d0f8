package dev.authmail.connector.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Why an email is sent. The wire spelling ({@link #wireName()}) is Logto's, so a Logto instance's
 * requests and exported templates are understood unchanged.
 *
 * <p>Immutable and thread-safe.
 */
public enum UsageType {
  Register,
  SignIn,
  ForgotPassword,
  Generic,
  OrganizationInvitation,
  UserPermissionValidation,
  BindNewIdentifier,
  MfaVerification,
  BindMfa;

  /** The spelling on the wire and in configuration files, e.g. {@code "SignIn"}. */
  public String wireName() {
    return name();
  }

  /**
   * Parses Logto's spelling. Matching ignores case; Logto's deprecated {@code Test} means {@link
   * #Generic}.
   *
   * @throws IllegalArgumentException naming the valid values when {@code value} is none of them
   */
  public static UsageType parse(String value) {
    if (value != null) {
      String trimmed = value.trim();
      for (UsageType type : values()) {
        if (type.name().equalsIgnoreCase(trimmed)) {
          return type;
        }
      }
      if (trimmed.equalsIgnoreCase("Test")) {
        return Generic;
      }
    }
    throw new IllegalArgumentException(
        "unknown usage type " + quote(value) + "; valid usage types: " + valid());
  }

  /** The valid spellings, comma separated, for error messages. */
  public static String valid() {
    return Arrays.stream(values()).map(UsageType::wireName).collect(Collectors.joining(", "));
  }

  private static String quote(String value) {
    if (value == null) {
      return "(none)";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
  }
}
