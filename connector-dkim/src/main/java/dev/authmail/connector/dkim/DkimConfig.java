package dev.authmail.connector.dkim;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.EmailAddress;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code dkim} block of a connector that builds its own MIME (SMTP): one signing key, or a list
 * of them so that an RSA and an Ed25519 key sign the same message.
 *
 * <pre>
 * dkim: {domain: example.com, selector: s2026, privateKey: "${DKIM_KEY}", algorithm: rsa-sha256,
 *        headers: [List-Unsubscribe]}
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class DkimConfig {
  private static final Pattern LABELS =
      Pattern.compile(
          "(?i)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]+");

  /** The fields of one entry; {@code privateKey} is secret. */
  public static final ConfigSpec ENTRY =
      ConfigSpec.builder()
          .string(
              "domain",
              k ->
                  k.required()
                      .description("the d= domain, aligned with the From domain, e.g. example.com"))
          .string(
              "selector",
              k ->
                  k.required()
                      .description(
                          "the s= selector: the key's DNS name is SELECTOR._domainkey.DOMAIN"))
          .string(
              "privateKey",
              k ->
                  k.required()
                      .secret()
                      .description(
                          "the private key as PEM text (usually \"${DKIM_PRIVATE_KEY}\") or the"
                              + " name of a PEM file"))
          .string(
              "algorithm",
              k ->
                  k.oneOf("rsa-sha256", "ed25519-sha256")
                      .description("rsa-sha256 or ed25519-sha256; by default the key's own"))
          .list(
              "headers",
              ConfigKey.Type.STRING,
              k ->
                  k.description(
                      "header fields to sign besides From, To, Subject, Date, Message-ID,"
                          + " MIME-Version, Content-Type, Reply-To"))
          .build();

  private DkimConfig() {}

  /**
   * The keys of a {@code dkim} block's entries (bound against {@link #ENTRY}); each problem is
   * added with its key path and the fix, and such an entry is left out.
   *
   * @param fromDomain the From domain the connector sends as, which every {@code d=} must align
   *     with; {@code null} when it is not known here
   */
  public static List<DkimKey> keys(
      List<ConnectorConfig> entries, String fromDomain, ConfigProblems problems) {
    List<DkimKey> keys = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ConnectorConfig entry : entries) {
      key(entry, fromDomain, problems)
          .ifPresent(
              key -> {
                if (!seen.add(key.selector() + "/" + key.domain())) {
                  problems.add(
                      entry.path("selector"),
                      "repeats selector "
                          + key.selector()
                          + " of "
                          + key.domain()
                          + ": each key needs its own selector (its own DNS record)");
                } else {
                  keys.add(key);
                }
              });
    }
    return keys;
  }

  /** The signer of a connector's {@code dkim} entries, or empty when there are none. */
  public static Optional<DkimSigner> signer(
      List<ConnectorConfig> entries, EmailAddress from, ConfigProblems problems) {
    List<DkimKey> keys = keys(entries, from == null ? null : from.asciiDomain(), problems);
    return keys.isEmpty() ? Optional.empty() : Optional.of(DkimSigner.of(keys));
  }

  private static Optional<DkimKey> key(
      ConnectorConfig entry, String fromDomain, ConfigProblems problems) {
    int before = problems.problems().size();
    String domain = entry.string("domain").map(String::strip).orElse("");
    if (!LABELS.matcher(domain).matches() || !domain.contains(".")) {
      problems.add(
          entry.path("domain"),
          "must be a domain name such as example.com (ASCII; an IDN in its xn-- form)");
    } else if (fromDomain != null && !DkimKey.aligned(domain, fromDomain)) {
      problems.add(
          entry.path("domain"),
          "is "
              + domain
              + " but the From domain is "
              + fromDomain
              + ": DMARC passes only when d= is the From domain or a parent of it; set domain: "
              + fromDomain);
    }
    String selector = entry.string("selector").map(String::strip).orElse("");
    if (!LABELS.matcher(selector).matches()) {
      problems.add(entry.path("selector"), "must be DNS labels such as s2026 or mail.2026");
    }
    PrivateKey privateKey = null;
    try {
      privateKey = DkimKeys.load(entry.string("privateKey").orElse(""));
    } catch (IllegalArgumentException e) {
      problems.add(entry.path("privateKey"), e.getMessage());
    }
    DkimAlgorithm algorithm = null;
    if (privateKey != null) {
      DkimAlgorithm own = DkimAlgorithm.of(privateKey).orElse(null);
      algorithm = entry.string("algorithm").flatMap(DkimAlgorithm::parse).orElse(own);
      if (own == null) {
        problems.add(
            entry.path("privateKey"),
            "is a " + privateKey.getAlgorithm() + " key; DKIM signs with RSA or Ed25519");
      } else if (algorithm != own) {
        problems.add(
            entry.path("algorithm"),
            "is "
                + algorithm.tag()
                + " but the private key is for "
                + own.tag()
                + "; set algorithm: "
                + own.tag()
                + " or give an "
                + algorithm.keyType()
                + " key");
      } else if (privateKey instanceof java.security.interfaces.RSAKey rsa
          && rsa.getModulus().bitLength() < 1024) {
        problems.add(
            entry.path("privateKey"),
            "is an RSA key of "
                + rsa.getModulus().bitLength()
                + " bits; verifiers ignore keys under 1024 bits (RFC 8301): make a 2048-bit one"
                + " with authmail dkim keygen");
      }
    }
    List<String> headers = new ArrayList<>(DkimKey.DEFAULT_HEADERS);
    List<Object> extra = entry.list("headers");
    for (int i = 0; i < extra.size(); i++) {
      String name = String.valueOf(extra.get(i)).strip().toLowerCase(Locale.ROOT);
      if (!HEADER_NAME.matcher(name).matches()) {
        problems.add(
            entry.path("headers") + "[" + i + "]",
            "must be a header field name such as List-Unsubscribe");
      } else if (name.equals("dkim-signature")) {
        problems.add(
            entry.path("headers") + "[" + i + "]",
            "cannot be DKIM-Signature: a signature never signs itself");
      } else if (!headers.contains(name)) {
        headers.add(name);
      }
    }
    if (problems.problems().size() > before) {
      return Optional.empty();
    }
    return Optional.of(new DkimKey(domain, selector.strip(), algorithm, privateKey, headers));
  }
}
