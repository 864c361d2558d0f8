package dev.authmail.connector.toolkit;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code templates} array of Logto's connector configs, shared by every connector that has one:
 * entries of {@code {usageType, contentType | type, subject, content, replyTo?, sendFrom?}} (SMTP
 * says {@code contentType}, SendGrid {@code type}; SES has neither and means HTML). As in Logto,
 * entries for Register, SignIn, ForgotPassword and Generic are required, and {@code usageType} is
 * any string: an entry whose usage type is not one of the nine (Logto's deprecated {@code Test}, a
 * typo such as {@code Continue}) is accepted and never used ({@link #unusedUsageTypes} names them
 * for {@code config check}); it does not stand in for {@code Generic}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigTemplates {
  /** The usage types Logto requires a config template for. */
  public static final Set<UsageType> REQUIRED =
      EnumSet.of(UsageType.Register, UsageType.SignIn, UsageType.ForgotPassword, UsageType.Generic);

  /** The keys of one entry, for a connector's {@link ConfigSpec}. */
  public static final ConfigSpec ENTRY =
      ConfigSpec.builder()
          .string(
              "usageType",
              k ->
                  k.required()
                      .description("one of " + UsageType.valid() + "; other values are never used"))
          .string("contentType", k -> k.description("text/html or text/plain; default text/html"))
          .string("type", k -> k.description("SendGrid's spelling of contentType"))
          .string(
              "subject",
              k -> k.required().description("the subject; may contain {{ code }} placeholders"))
          .string(
              "content",
              k -> k.required().description("the body; may contain {{ code }} placeholders"))
          .string("replyTo", k -> k.description("a Reply-To address; may contain placeholders"))
          .string(
              "sendFrom", k -> k.description("the sender's display name; may contain placeholders"))
          .build();

  private ConfigTemplates() {}

  /**
   * Reads the {@code key} array of a checked config into templates, checking usage types, content
   * types and Logto's required entries; every problem is reported at once.
   *
   * @throws ConnectorException INVALID_CONFIG naming each bad entry
   */
  public static List<EmailTemplate> from(ConnectorConfig config, String key) {
    ConfigProblems problems = new ConfigProblems();
    List<EmailTemplate> templates = new ArrayList<>();
    for (ConnectorConfig entry : config.objects(key)) {
      UsageType type = null;
      EmailTemplate.ContentType contentType = null;
      type = usageType(entry.string("usageType").orElse(null));
      String ct = entry.string("contentType").or(() -> entry.string("type")).orElse(null);
      try {
        contentType = EmailTemplate.ContentType.parse(ct);
      } catch (IllegalArgumentException e) {
        problems.add(entry.path(entry.has("contentType") ? "contentType" : "type"), e.getMessage());
      }
      for (String header : List.of("subject", "sendFrom", "replyTo")) {
        String value = entry.string(header).orElse(null);
        String problem =
            header.equals("replyTo")
                ? EmailTemplate.replyToProblem(value)
                : EmailTemplate.headerTextProblem(value);
        if (problem != null) {
          problems.add(entry.path(header), problem);
        }
      }
      if (type != null && contentType != null) { // an unknown usage type: accepted, never used
        templates.add(
            new EmailTemplate(
                type,
                contentType,
                entry.string("subject").orElse(""),
                entry.string("content").orElse(""),
                entry.string("replyTo").orElse(null),
                entry.string("sendFrom").orElse(null)));
      }
    }
    if (problems.isEmpty()) {
      Set<UsageType> present =
          templates.stream().map(EmailTemplate::usageType).collect(Collectors.toSet());
      List<String> missing =
          REQUIRED.stream().filter(t -> !present.contains(t)).map(UsageType::wireName).toList();
      if (!missing.isEmpty()) {
        problems.add(
            config.path(key),
            "Template with UsageType (" + String.join(", ", missing) + ") should be provided!");
      }
    }
    problems.throwIfAny();
    return List.copyOf(templates);
  }

  /**
   * The usage types of the {@code key} entries that are none of the nine, in order: those entries
   * are never used. For {@code config check}'s warnings.
   */
  public static List<String> unusedUsageTypes(ConnectorConfig config, String key) {
    if (!config.has(key)) {
      return List.of();
    }
    List<String> unused = new ArrayList<>();
    for (ConnectorConfig entry : config.objects(key)) {
      String value = entry.string("usageType").orElse("");
      if (usageType(value) == null) {
        unused.add(value);
      }
    }
    return unused;
  }

  /**
   * One of the nine by its wire name, exactly as Logto matches it; {@code null} for anything else.
   */
  private static UsageType usageType(String value) {
    for (UsageType type : UsageType.values()) {
      if (type.wireName().equals(value)) {
        return type;
      }
    }
    return null;
  }

  /**
   * Like {@link #from}, for connectors whose templates may also come from the tenant's stored
   * templates: an absent {@code key} gives an empty list; a present one is read with Logto's rules
   * (so an empty array still misses the required entries).
   *
   * @throws ConnectorException INVALID_CONFIG naming each bad entry
   */
  public static List<EmailTemplate> optional(ConnectorConfig config, String key) {
    return config.has(key) ? from(config, key) : List.of();
  }
}
