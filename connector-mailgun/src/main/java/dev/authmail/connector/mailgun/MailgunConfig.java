package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpTimeouts;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configuration of a Mailgun connector. Logto's {@code mailgun-email} keys load unchanged
 * ({@code endpoint}, {@code domain}, {@code apiKey}, {@code from}, {@code deliveries}); authmail
 * adds {@code timeout}.
 *
 * @param endpoint the API base URL: {@code https://api.mailgun.net} (US) by default, {@code
 *     https://api.eu.mailgun.net} for a domain in the EU region
 * @param domain the sending domain as Mailgun lists it ({@code mg.example.com})
 * @param from the sender, with its display name if any
 * @param deliveries what to send per usage type; may be empty when only stored templates are used
 */
record MailgunConfig(
    URI endpoint,
    String domain,
    String apiKey,
    Mailbox from,
    Map<UsageType, Delivery> deliveries,
    HttpTimeouts timeouts) {

  public static final String DEFAULT_ENDPOINT = "https://api.mailgun.net";

  /** A DNS name: labels of letters, digits and hyphens. */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?i)^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+"
              + "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

  /** The keys: Logto's, then authmail's. */
  public static final ConfigSpec SPEC =
      HttpTimeouts.declare(
              ConfigSpec.builder()
                  .string(
                      "endpoint",
                      k ->
                          k.defaultValue(DEFAULT_ENDPOINT)
                              .destination()
                              .description(
                                  "the API base URL; https://api.eu.mailgun.net for a domain in the"
                                      + " EU region")
                              .form(
                                  f ->
                                      f.label("Mailgun endpoint")
                                          .placeholder(DEFAULT_ENDPOINT)
                                          // Logto's form: the US endpoint is a hint, not a value
                                          .defaultValue(null)
                                          .description(
                                              "https://api.eu.mailgun.net for a domain in the EU"
                                                  + " region")))
                  .string(
                      "domain",
                      k ->
                          k.required()
                              .description(
                                  "the sending domain as Mailgun lists it, e.g. mg.example.com")
                              .form(f -> f.label("Domain").placeholder("mg.example.com")))
                  .string(
                      "apiKey",
                      k ->
                          k.required()
                              .secret()
                              .description("a Mailgun API key (or a domain sending key)")
                              .form(f -> f.label("API Key")))
                  .string(
                      "from",
                      k ->
                          k.required()
                              .description("the sender, e.g. Acme <noreply@mg.example.com>")
                              .form(
                                  f ->
                                      f.label("Email address to send from")
                                          .placeholder("Sender Name <noreply@mg.example.com>")))
                  .map(
                      "deliveries",
                      k ->
                          k.required()
                              .description(
                                  "per usage type: {html, text?, subject?, replyTo?} or a stored"
                                      + " Mailgun {template, variables?, subject?, replyTo?}")
                              .form(
                                  f ->
                                      f.label("Deliveries")
                                          .description(
                                              "per usage type: {subject, html, text?, replyTo?} or"
                                                  + " a stored Mailgun {template, variables?}")))
                  .string(
                      "webhookSigningKey",
                      k ->
                          k.secret()
                              .description(
                                  "the HTTP webhook signing key (Mailgun: Sending → Webhooks); with"
                                      + " it authmail takes bounces and complaints at"
                                      + " /api/events/mailgun/<tenant>/<connector>; not used to"
                                      + " send")
                              .form(f -> f.label("Webhook Signing Key"))))
          .build();

  public MailgunConfig {
    Map<UsageType, Delivery> copy = new EnumMap<>(UsageType.class);
    copy.putAll(deliveries);
    deliveries = Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a config checked against {@link #SPEC}; every semantic problem is reported at once.
   *
   * @param network the operator's policy, which {@code endpoint} must pass
   * @throws ConnectorException INVALID_CONFIG naming each bad key
   */
  public static MailgunConfig from(ConnectorConfig config, NetworkPolicy network) {
    ConfigProblems problems = new ConfigProblems();
    URI endpoint =
        problems.collect(
            () ->
                HttpCalls.endpoint(
                    network,
                    config.path("endpoint"),
                    config.string("endpoint").orElse(DEFAULT_ENDPOINT)));
    String domain = config.string("domain").map(String::strip).orElse("");
    if (!DOMAIN.matcher(domain).matches()) {
      problems.add(
          config.path("domain"),
          "must be the domain name alone, as Mailgun lists it (mg.example.com), "
              + "without https:// or a path");
    }
    String apiKey = config.string("apiKey").map(String::strip).orElse("");
    if (apiKey.isEmpty() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      problems.add(config.path("apiKey"), "must be a Mailgun API key (printable, no spaces)");
    }
    Mailbox from = null;
    try {
      from = Mailbox.parse(config.string("from").orElse(""));
    } catch (IllegalArgumentException e) {
      problems.add(config.path("from"), "expected an address or Name <address>: " + e.getMessage());
    }
    Map<UsageType, Delivery> deliveries = Delivery.read(config, "deliveries", problems);
    problems.throwIfAny();
    return new MailgunConfig(
        endpoint,
        domain.toLowerCase(Locale.ROOT),
        apiKey,
        from,
        deliveries,
        HttpTimeouts.from(config));
  }

  /** The delivery for {@code type}, else Generic's, as Logto chooses. */
  public Optional<Delivery> delivery(UsageType type) {
    return Optional.ofNullable(deliveries.get(type))
        .or(() -> Optional.ofNullable(deliveries.get(UsageType.Generic)));
  }

  /** Without the API key. */
  @Override
  public String toString() {
    return "MailgunConfig[endpoint="
        + HttpCalls.shown(endpoint)
        + ", domain="
        + domain
        + ", from="
        + MailgunMessage.header(from)
        + ", deliveries="
        + deliveries.keySet()
        + ", timeouts="
        + timeouts.asConfig()
        + "]";
  }
}
