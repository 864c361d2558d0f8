package dev.authmail.connector.dkim;

import java.security.PrivateKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One signing identity: {@code d=} domain, {@code s=} selector, algorithm, private key and the
 * header fields it signs. Immutable and thread-safe; {@link #toString()} shows no key material.
 *
 * @param headers header field names to sign, in order, lower case, each once; From is always among
 *     them
 */
public record DkimKey(
    String domain,
    String selector,
    DkimAlgorithm algorithm,
    PrivateKey privateKey,
    List<String> headers) {
  /** What RFC 6376 section 5.4.1 recommends and the issue asks for; Reply-To when there is one. */
  public static final List<String> DEFAULT_HEADERS =
      List.of(
          "from",
          "to",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "reply-to");

  public DkimKey {
    Objects.requireNonNull(domain, "domain is null");
    Objects.requireNonNull(selector, "selector is null");
    Objects.requireNonNull(algorithm, "algorithm is null");
    Objects.requireNonNull(privateKey, "privateKey is null");
    domain = domain.toLowerCase(Locale.ROOT);
    headers = List.copyOf(headers);
    if (!headers.contains("from")) {
      throw new IllegalArgumentException("the From header must be signed (RFC 6376 section 5.4)");
    }
  }

  /** {@code selector._domainkey.domain}. */
  public String recordName() {
    return DkimKeys.recordName(selector, domain);
  }

  /** The TXT record to publish at {@link #recordName()}. */
  public String txtRecord() {
    return DkimKeys.txtRecord(privateKey);
  }

  /**
   * Whether a From domain is aligned with {@code d=} in DMARC's relaxed mode: the same domain, or a
   * subdomain of it. (The organizational domain would need the public suffix list; a subdomain test
   * covers the usual set-ups, mail.example.com signed as example.com.)
   */
  public boolean alignsWith(String fromDomain) {
    return aligned(domain, fromDomain);
  }

  /**
   * DMARC relaxed alignment of a signing (or SPF) domain with a From domain; see {@link
   * #alignsWith}.
   */
  public static boolean aligned(String signingDomain, String fromDomain) {
    String d = signingDomain.toLowerCase(Locale.ROOT);
    String f = fromDomain.toLowerCase(Locale.ROOT);
    return f.equals(d) || f.endsWith("." + d) || d.endsWith("." + f);
  }

  @Override
  public String toString() {
    return "DkimKey[d="
        + domain
        + ", s="
        + selector
        + ", a="
        + algorithm.tag()
        + ", h="
        + String.join(":", headers)
        + "]";
  }
}
