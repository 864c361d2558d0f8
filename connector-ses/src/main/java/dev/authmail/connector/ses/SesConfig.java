package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The configuration of an Amazon SES connector. Logto's {@code aws-ses-mail} keys load unchanged
 * ({@code accessKeyId}, {@code accessKeySecret}, {@code region}, {@code emailAddress}, {@code
 * emailAddressIdentityArn}, {@code feedbackForwardingEmailAddress}, {@code
 * feedbackForwardingEmailAddressIdentityArn}, {@code configurationSetName}, {@code templates});
 * authmail adds {@code sessionToken}, {@code fromName}, {@code replyTo}, {@code endpoint} and
 * {@code timeout}.
 *
 * @param accessKeyId the static access key id, or {@code null} for the default AWS credential chain
 * @param accessKeySecret its secret, or {@code null}
 * @param sessionToken a session token for temporary keys, or {@code null}
 * @param emailAddress the From address; {@code null} when only {@code deliver()} with its own From
 *     is used
 * @param templates the config templates; empty when the tenant's stored templates are used
 * @param endpoint an endpoint override (tests, VPC endpoints), or {@code null} for the regional
 *     endpoint
 */
public record SesConfig(
    String region,
    String accessKeyId,
    String accessKeySecret,
    String sessionToken,
    EmailAddress emailAddress,
    String fromName,
    EmailAddress replyTo,
    String emailAddressIdentityArn,
    EmailAddress feedbackForwardingEmailAddress,
    String feedbackForwardingEmailAddressIdentityArn,
    String configurationSetName,
    List<EmailTemplate> templates,
    URI endpoint,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout) {

  static final long DEFAULT_CONNECT_MILLIS = 5_000;
  static final long DEFAULT_READ_MILLIS = 15_000;
  static final long DEFAULT_CALL_MILLIS = 30_000;
  private static final long MAX_MILLIS = 600_000;

  static final ConfigSpec TIMEOUT =
      ConfigSpec.builder()
          .integer(
              "connect",
              k ->
                  k.range(1, MAX_MILLIS)
                      .defaultValue(DEFAULT_CONNECT_MILLIS)
                      .description("milliseconds to connect, e.g. 5000"))
          .integer(
              "read",
              k ->
                  k.range(1, MAX_MILLIS)
                      .defaultValue(DEFAULT_READ_MILLIS)
                      .description(
                          "milliseconds to wait for the answer once the request was sent, e.g."
                              + " 15000"))
          .integer(
              "call",
              k ->
                  k.range(1, MAX_MILLIS)
                      .defaultValue(DEFAULT_CALL_MILLIS)
                      .description("milliseconds for the whole API call, e.g. 30000"))
          .build();

  /** The keys: Logto's first, then authmail's. */
  public static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string(
              "accessKeyId",
              k ->
                  k.description(
                          "AWS access key id; omit both keys to use the default AWS credential"
                              + " chain")
                      .form(
                          f ->
                              f.label("Access Key ID")
                                  .description(
                                      "Leave both keys empty to use the default AWS credential"
                                          + " chain")))
          .string(
              "accessKeySecret",
              k ->
                  k.secret()
                      .description("AWS secret access key")
                      .form(f -> f.label("Access Key Secret")))
          .string(
              "region",
              k ->
                  k.required()
                      .destination()
                      .description("AWS region of the SES account, e.g. eu-west-1")
                      .form(f -> f.label("Region").placeholder("us-east-1")))
          .string(
              "emailAddress",
              k ->
                  k.description("the verified sender address (From), e.g. noreply@example.com")
                      .form(f -> f.label("Email Address").placeholder("noreply@example.com")))
          .string(
              "emailAddressIdentityArn",
              k ->
                  k.description("ARN of the sending identity (cross-account sending)")
                      .form(f -> f.label("Email Address Identity ARN")))
          .string(
              "feedbackForwardingEmailAddress",
              k ->
                  k.description("where bounces and complaints go")
                      .form(f -> f.label("Feedback Forwarding Email Address")))
          .string(
              "feedbackForwardingEmailAddressIdentityArn",
              k ->
                  k.description("ARN of the feedback identity")
                      .form(f -> f.label("Feedback Forwarding Email Address Identity ARN")))
          .string(
              "configurationSetName",
              k ->
                  k.description("SES configuration set for event publishing")
                      .form(f -> f.label("Configuration Set Name")))
          .objects(
              "templates",
              ConfigTemplates.ENTRY,
              k ->
                  k.description(
                          "Logto's templates: [{usageType, subject, content}], content is HTML;"
                              + " omit to use stored templates only")
                      .form(f -> f.label("Templates")))
          .string(
              "sessionToken",
              k -> k.secret().description("session token of temporary AWS credentials"))
          .string(
              "fromName",
              k ->
                  k.description("the sender's display name, e.g. Acme")
                      .form(f -> f.label("Sender Name")))
          .string(
              "replyTo", k -> k.description("a Reply-To address").form(f -> f.label("Reply-To")))
          .string(
              "endpoint",
              k ->
                  k.destination()
                      .description(
                          "endpoint override, e.g."
                              + " https://vpce-….email.eu-west-1.vpce.amazonaws.com"))
          .object(
              "timeout",
              TIMEOUT,
              k ->
                  k.defaultValue(
                          Map.of(
                              "connect",
                              DEFAULT_CONNECT_MILLIS,
                              "read",
                              DEFAULT_READ_MILLIS,
                              "call",
                              DEFAULT_CALL_MILLIS))
                      .description("timeouts in milliseconds: {connect, read, call}"))
          .formOrder(
              "accessKeyId", "accessKeySecret", "region", "emailAddress", "fromName", "replyTo")
          .build();

  public SesConfig {
    templates = List.copyOf(templates);
  }

  /**
   * Reads a config checked against {@link #SPEC}; every semantic problem is reported at once.
   *
   * @param network the operator's policy, which the endpoint override must pass
   * @throws ConnectorException INVALID_CONFIG naming each bad key
   */
  public static SesConfig from(ConnectorConfig config, NetworkPolicy network) {
    ConfigProblems problems = new ConfigProblems();
    String region = config.string("region").map(String::strip).orElse("");
    if (!region.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
      problems.add(
          config.path("region"),
          "expected an AWS region such as eu-west-1, got \"" + printable(region) + "\"");
    }
    String keyId = blankToNull(config.string("accessKeyId").orElse(null));
    String secret = blankToNull(config.string("accessKeySecret").orElse(null));
    String token = blankToNull(config.string("sessionToken").orElse(null));
    if (keyId != null && secret == null) {
      problems.add(
          config.path("accessKeySecret"),
          "is required with accessKeyId; give both, or neither to use the default AWS credential"
              + " chain");
    }
    if (keyId == null && secret != null) {
      problems.add(
          config.path("accessKeyId"),
          "is required with accessKeySecret; give both, or neither to use the default AWS"
              + " credential chain");
    }
    if (token != null && keyId == null) {
      problems.add(config.path("sessionToken"), "needs accessKeyId and accessKeySecret");
    }
    // SES takes "Acme <noreply@example.com>" as its From; a separate fromName wins over the name
    Mailbox mailbox = problems.collect(() -> config.mailbox("emailAddress").orElse(null));
    EmailAddress from = mailbox == null ? null : mailbox.address();
    EmailAddress replyTo = problems.collect(() -> config.address("replyTo").orElse(null));
    EmailAddress feedback =
        problems.collect(() -> config.address("feedbackForwardingEmailAddress").orElse(null));
    String fromName = blankToNull(config.string("fromName").orElse(null));
    if (fromName == null && mailbox != null) {
      fromName = mailbox.displayName();
    }
    try {
      RenderedEmail.checkHeaderValue("fromName", fromName);
    } catch (IllegalArgumentException e) {
      problems.add(config.path("fromName"), "must be one line: " + e.getMessage());
    }
    String endpointValue = config.string("endpoint").filter(s -> !s.isBlank()).orElse(null);
    URI endpoint =
        endpointValue == null
            ? null
            : problems.collect(() -> network.checkEndpoint(config.path("endpoint"), endpointValue));
    List<EmailTemplate> templates =
        problems.collect(() -> ConfigTemplates.optional(config, "templates"));
    problems.throwIfAny();
    ConnectorConfig timeout = config.object("timeout").orElseThrow();
    return new SesConfig(
        region,
        keyId,
        secret,
        token,
        from,
        fromName,
        replyTo,
        blankToNull(config.string("emailAddressIdentityArn").orElse(null)),
        feedback,
        blankToNull(config.string("feedbackForwardingEmailAddressIdentityArn").orElse(null)),
        blankToNull(config.string("configurationSetName").orElse(null)),
        templates,
        endpoint,
        millis(timeout, "connect", DEFAULT_CONNECT_MILLIS),
        millis(timeout, "read", DEFAULT_READ_MILLIS),
        millis(timeout, "call", DEFAULT_CALL_MILLIS));
  }

  /** Whether static keys were given; otherwise the default AWS credential chain is used. */
  public boolean hasStaticKeys() {
    return accessKeyId != null;
  }

  private static Duration millis(ConnectorConfig timeout, String key, long fallback) {
    return Duration.ofMillis(timeout.number(key).orElse(fallback));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String printable(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  /** Secrets masked; addresses are configuration, not recipients, and may be shown. */
  @Override
  public String toString() {
    return "SesConfig[region="
        + region
        + ", credentials="
        + (hasStaticKeys() ? "static " + accessKeyId : "default chain")
        + ", emailAddress="
        + emailAddress
        + ", fromName="
        + fromName
        + ", replyTo="
        + replyTo
        + ", configurationSetName="
        + configurationSetName
        + ", templates="
        + templates.size()
        + ", endpoint="
        + endpoint
        + ", timeouts="
        + connectTimeout.toMillis()
        + "/"
        + readTimeout.toMillis()
        + "/"
        + callTimeout.toMillis()
        + "ms]";
  }
}
