package dev.authmail.connector.logtoemail.template;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The rule for the only link a built-in email ever contains: the platform's invitation link for
 * {@code OrganizationInvitation}. It must be an absolute https URL; plain http is allowed only to
 * {@code localhost} or a loopback address, for development. Anything else ({@code javascript:},
 * {@code data:}, {@code http://example.com}, relative links) is refused before sending, because the
 * link goes out under the platform's shared sender. Stateless and thread-safe.
 */
public final class InvitationLink {
  static final int MAX_LENGTH = 2048;
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private InvitationLink() {}

  /**
   * @return the link, normalized to ASCII (an IDN or a space is percent-encoded)
   * @throws ConnectorException INVALID_REQUEST saying why the link was refused
   */
  public static String check(String link) {
    if (link == null || link.isBlank()) {
      throw refused("is empty");
    }
    String value = link.strip();
    if (value.length() > MAX_LENGTH) {
      throw refused("is longer than " + MAX_LENGTH + " characters");
    }
    if (value.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      throw refused("contains spaces or control characters");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw refused("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || host.isEmpty()) {
      throw refused(
          scheme.isEmpty() || scheme.equals("https") || scheme.equals("http")
              ? "must be an absolute https:// URL"
              : "uses the " + scheme + ": scheme; only https:// links are sent");
    }
    if (uri.getRawUserInfo() != null) {
      throw refused("must not carry a user name or password");
    }
    if (scheme.equals("https") || (scheme.equals("http") && LOCAL_HOSTS.contains(host))) {
      return uri.toASCIIString();
    }
    if (scheme.equals("http")) {
      throw refused("uses plain http://; only https:// links are sent (http:// only to localhost)");
    }
    throw refused("uses the " + scheme + ": scheme; only https:// links are sent");
  }

  private static ConnectorException refused(String why) {
    return new ConnectorException(
        ErrorCode.INVALID_REQUEST,
        "payload.link "
            + why
            + "; the built-in email service sends only the platform's https invitation link");
  }
}
