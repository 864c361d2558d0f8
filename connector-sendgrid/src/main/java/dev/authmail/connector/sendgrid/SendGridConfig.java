package dev.authmail.connector.sendgrid;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpTimeouts;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of a SendGrid connector. Logto's {@code sendgrid-email-service} keys load
 * unchanged ({@code apiKey}, {@code fromEmail}, {@code fromName}, {@code templates} with SendGrid's
 * {@code type} spelling); authmail adds {@code replyTo}, {@code dynamicTemplates}, {@code
 * sandboxMode}, {@code endpoint}, {@code timeout}, and {@code eventWebhookPublicKey}, which only
 * the runtime's bounce intake reads (checked here so that a bad key fails at config check).
 *
 * @param fromName the sender's display name ({@code from.name}), or {@code null}
 * @param templates config templates; empty when only stored or dynamic templates are used
 * @param dynamicTemplates SendGrid dynamic template ids ({@code d-…}) by usage type
 * @param endpoint the API base URL, {@code https://api.sendgrid.com} by default
 */
public record SendGridConfig(
    String apiKey,
    EmailAddress fromEmail,
    String fromName,
    EmailAddress replyTo,
    List<EmailTemplate> templates,
    Map<UsageType, String> dynamicTemplates,
    boolean sandboxMode,
    URI endpoint,
    HttpTimeouts timeouts) {

  public static final String DEFAULT_ENDPOINT = "https://api.sendgrid.com";

  /**
   * The key of the Event Webhook's public key, read by the runtime's event intake, not by sending.
   */
  public static final String EVENT_WEBHOOK_PUBLIC_KEY = "eventWebhookPublicKey";

  /** The keys: Logto's first, then authmail's. */
  public static final ConfigSpec SPEC =
      HttpTimeouts.declare(
              ConfigSpec.builder()
                  .string(
                      "apiKey",
                      k ->
                          k.required()
                              .secret()
                              .description("a SendGrid API key with Mail Send access (SG.…)")
                              .form(f -> f.label("API Key").placeholder("SG.…")))
                  .string(
                      "fromEmail",
                      k ->
                          k.required()
                              .description("a verified sender address, e.g. noreply@example.com")
                              .form(f -> f.label("From Email").placeholder("noreply@example.com")))
                  .string(
                      "fromName",
                      k ->
                          k.description("the sender's display name, e.g. Acme")
                              .form(f -> f.label("From Name")))
                  .objects(
                      "templates",
                      ConfigTemplates.ENTRY,
                      k ->
                          k.description(
                                  "Logto's templates: [{usageType, type: text/plain|text/html,"
                                      + " subject, content}]")
                              .form(f -> f.label("Templates")))
                  .string(
                      "replyTo",
                      k -> k.description("a Reply-To address").form(f -> f.label("Reply-To")))
                  .map(
                      "dynamicTemplates",
                      k ->
                          k.description(
                                  "SendGrid dynamic template ids by usage type, e.g. {\"SignIn\":"
                                      + " \"d-…\", \"Generic\": \"d-…\"}")
                              .form(
                                  f ->
                                      f.label("Dynamic Templates")
                                          .description(
                                              "SendGrid dynamic template ids by usage type; the"
                                                  + " payload is the template data")))
                  .bool(
                      "sandboxMode",
                      k ->
                          k.defaultValue(false)
                              .description("SendGrid validates but does not deliver")
                              .form(f -> f.label("Sandbox Mode")))
                  .string(
                      "endpoint",
                      k ->
                          k.defaultValue(DEFAULT_ENDPOINT)
                              .destination()
                              .description(
                                  "the API base URL; https://api.eu.sendgrid.com for EU-pinned"
                                      + " accounts")
                              .form(f -> f.label("API Base URL")))
                  .string(
                      EVENT_WEBHOOK_PUBLIC_KEY,
                      k ->
                          k.description(
                                  "the Signed Event Webhook's verification key (base64, as"
                                      + " SendGrid's Mail Settings show it); with it authmail"
                                      + " takes bounces and spam reports at"
                                      + " /api/events/sendgrid/<tenant>/<connector>")
                              .form(
                                  f ->
                                      f.label("Event Webhook Verification Key")
                                          .placeholder("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…"))))
          .formOrder("apiKey", "fromEmail", "fromName", "replyTo")
          .build();

  public SendGridConfig {
    templates = List.copyOf(templates);
    Map<UsageType, String> copy = new EnumMap<>(UsageType.class);
    copy.putAll(dynamicTemplates);
    dynamicTemplates = Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a config checked against {@link #SPEC}; every semantic problem is reported at once.
   *
   * @param network the operator's policy, which {@code endpoint} must pass
   * @throws ConnectorException INVALID_CONFIG naming each bad key
   */
  public static SendGridConfig from(ConnectorConfig config, NetworkPolicy network) {
    ConfigProblems problems = new ConfigProblems();
    String apiKey = config.string("apiKey").map(String::strip).orElse("");
    if (apiKey.isEmpty() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      problems.add(config.path("apiKey"), "must be a SendGrid API key (printable, no spaces)");
    }
    // "Acme <noreply@example.com>" is a mailbox too; a separate fromName wins over its name
    Mailbox mailbox = problems.collect(() -> config.mailbox("fromEmail").orElse(null));
    EmailAddress from = mailbox == null ? null : mailbox.address();
    EmailAddress replyTo = problems.collect(() -> config.address("replyTo").orElse(null));
    String fromName =
        config
            .string("fromName")
            .filter(s -> !s.isBlank())
            .map(String::strip)
            .or(() -> mailbox == null ? Optional.empty() : mailbox.name())
            .orElse(null);
    try {
      RenderedEmail.checkHeaderValue("fromName", fromName);
    } catch (IllegalArgumentException e) {
      problems.add(config.path("fromName"), "must be one line: " + e.getMessage());
    }
    Map<UsageType, String> dynamic = dynamicTemplates(config, problems);
    URI endpoint =
        problems.collect(
            () ->
                network.checkEndpoint(
                    config.path("endpoint"), config.string("endpoint").orElse(DEFAULT_ENDPOINT)));
    List<EmailTemplate> templates =
        problems.collect(() -> ConfigTemplates.optional(config, "templates"));
    config
        .string(EVENT_WEBHOOK_PUBLIC_KEY)
        .filter(key -> !isEcPublicKey(key))
        .ifPresent(
            key ->
                problems.add(
                    config.path(EVENT_WEBHOOK_PUBLIC_KEY),
                    "must be the verification key SendGrid shows for the Signed Event Webhook:"
                        + " a base64 EC public key (MFkwEwYHKoZIzj0CAQYI…)"));
    problems.throwIfAny();
    return new SendGridConfig(
        apiKey,
        from,
        fromName,
        replyTo,
        templates,
        dynamic,
        config.bool("sandboxMode"),
        endpoint,
        HttpTimeouts.from(config));
  }

  /** Whether {@code base64} is an EC public key (X.509 SubjectPublicKeyInfo, DER, base64). */
  private static boolean isEcPublicKey(String base64) {
    try {
      KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
      return true;
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  /** The dynamic template for {@code type}, else for Generic. */
  public Optional<String> dynamicTemplate(UsageType type) {
    return Optional.ofNullable(dynamicTemplates.get(type))
        .or(() -> Optional.ofNullable(dynamicTemplates.get(UsageType.Generic)));
  }

  private static Map<UsageType, String> dynamicTemplates(
      ConnectorConfig config, ConfigProblems problems) {
    Map<UsageType, String> out = new EnumMap<>(UsageType.class);
    Object raw = config.get("dynamicTemplates");
    if (!(raw instanceof Map<?, ?> map)) {
      return out;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String path = config.path("dynamicTemplates") + "." + e.getKey();
      UsageType type;
      try {
        type = UsageType.parse(String.valueOf(e.getKey()));
      } catch (IllegalArgumentException ex) {
        problems.add(path, ex.getMessage());
        continue;
      }
      String id = e.getValue() == null ? "" : String.valueOf(e.getValue()).strip();
      if (!id.matches("d-[A-Za-z0-9]{1,64}")) {
        problems.add(
            path,
            "expected a SendGrid dynamic template id such as d-2c214ac919e84170b21855cc129b4a5f");
        continue;
      }
      out.put(type, id);
    }
    return out;
  }

  /** Without the API key. */
  @Override
  public String toString() {
    return "SendGridConfig[endpoint="
        + HttpCalls.shown(endpoint)
        + ", fromEmail="
        + fromEmail
        + ", fromName="
        + fromName
        + ", replyTo="
        + replyTo
        + ", templates="
        + templates.size()
        + ", dynamicTemplates="
        + dynamicTemplates.keySet()
        + ", sandboxMode="
        + sandboxMode
        + ", timeouts="
        + timeouts.asConfig()
        + "]";
  }
}
