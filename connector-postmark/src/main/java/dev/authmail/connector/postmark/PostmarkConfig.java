package dev.authmail.connector.postmark;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpTimeouts;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of a Postmark connector. Logto's {@code postmark-mail} keys load unchanged
 * ({@code serverToken}, {@code fromEmail}, {@code templates} of {@code {usageType,
 * templateAlias}}); authmail adds template entries with content it renders itself ({@code
 * {usageType, contentType, subject, content}}, as in the other connectors), {@code messageStream},
 * {@code endpoint} and {@code timeout}.
 *
 * @param aliases Postmark template aliases by usage type ({@code POST /email/withTemplate})
 * @param contents authmail's templates by usage type ({@code POST /email})
 */
record PostmarkConfig(
    String serverToken,
    EmailAddress fromEmail,
    Map<UsageType, String> aliases,
    Map<UsageType, EmailTemplate> contents,
    String messageStream,
    URI endpoint,
    HttpTimeouts timeouts) {

  public static final String DEFAULT_ENDPOINT = "https://api.postmarkapp.com";
  public static final String DEFAULT_STREAM = "outbound";

  /** One entry of {@code templates}: Logto's alias form, or authmail's content form. */
  static final ConfigSpec ENTRY =
      ConfigSpec.builder()
          .string("usageType", k -> k.required().description("one of " + UsageType.valid()))
          .string(
              "templateAlias",
              k -> k.description("the alias of a template stored in Postmark, e.g. logto-sign-in"))
          .string(
              "contentType",
              k ->
                  k.description(
                      "text/html or text/plain; default text/html (with subject and content)"))
          .string(
              "subject",
              k ->
                  k.description(
                      "the subject, with {{ code }} placeholders (instead of templateAlias)"))
          .string(
              "content",
              k ->
                  k.description(
                      "the body, with {{ code }} placeholders (instead of templateAlias)"))
          .string("replyTo", k -> k.description("a Reply-To address; may contain placeholders"))
          .string(
              "sendFrom", k -> k.description("the sender's display name; may contain placeholders"))
          .build();

  /** The keys: Logto's first, then authmail's. */
  public static final ConfigSpec SPEC =
      HttpTimeouts.declare(
              ConfigSpec.builder()
                  .string(
                      "serverToken",
                      k ->
                          k.required()
                              .secret()
                              .description("the Server API token from the server's API Tokens tab")
                              .form(
                                  f -> f.label("Server Token").placeholder("<your-server-token>")))
                  .string(
                      "fromEmail",
                      k ->
                          k.required()
                              .description("a confirmed sender signature, e.g. noreply@example.com")
                              .form(f -> f.label("From Email").placeholder("noreply@example.com")))
                  .objects(
                      "templates",
                      ENTRY,
                      k ->
                          k.required()
                              .description(
                                  "[{usageType, templateAlias}] (Postmark renders) or [{usageType,"
                                      + " contentType, subject, content}] (authmail renders)")
                              .form(
                                  f ->
                                      f.label("Templates")
                                          .description(
                                              "[{usageType, templateAlias}] for Postmark templates,"
                                                  + " or [{usageType, contentType, subject,"
                                                  + " content}]")))
                  .string(
                      "messageStream",
                      k ->
                          k.defaultValue(DEFAULT_STREAM)
                              .description(
                                  "the Postmark message stream, e.g. outbound (transactional)")
                              .form(f -> f.label("Message Stream")))
                  .string(
                      "endpoint",
                      k ->
                          k.defaultValue(DEFAULT_ENDPOINT)
                              .destination()
                              .description("the API base URL")
                              .form(f -> f.label("API Base URL")))
                  .string(
                      "webhookSecret",
                      k ->
                          k.secret()
                              .description(
                                  "a secret of your choice for Postmark's bounce and spam-complaint"
                                      + " webhooks (Postmark does not sign them): the basic-auth"
                                      + " password, or the last path segment, of"
                                      + " /api/events/postmark/<tenant>/<connector>; not used to"
                                      + " send")
                              .form(f -> f.label("Webhook Secret"))))
          .build();

  PostmarkConfig {
    Map<UsageType, String> a = new EnumMap<>(UsageType.class);
    a.putAll(aliases);
    aliases = Collections.unmodifiableMap(a);
    Map<UsageType, EmailTemplate> c = new EnumMap<>(UsageType.class);
    c.putAll(contents);
    contents = Collections.unmodifiableMap(c);
  }

  /**
   * Reads a config checked against {@link #SPEC}; every semantic problem is reported at once.
   *
   * @throws ConnectorException INVALID_CONFIG naming each bad key
   */
  static PostmarkConfig from(ConnectorConfig config, NetworkPolicy network) {
    ConfigProblems problems = new ConfigProblems();
    String token = config.string("serverToken").map(String::strip).orElse("");
    if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      problems.add(
          config.path("serverToken"), "must be a Postmark server token (printable, no spaces)");
    }
    EmailAddress from = problems.collect(() -> config.address("fromEmail").orElse(null));
    String stream = config.string("messageStream").map(String::strip).orElse(DEFAULT_STREAM);
    if (!stream.matches("[a-z0-9-]{1,30}")) {
      problems.add(
          config.path("messageStream"),
          "expected a message stream id such as outbound (lower-case letters, digits, -)");
    }
    URI endpoint =
        problems.collect(
            () ->
                HttpCalls.endpoint(
                    network,
                    config.path("endpoint"),
                    config.string("endpoint").orElse(DEFAULT_ENDPOINT)));
    Map<UsageType, String> aliases = new EnumMap<>(UsageType.class);
    Map<UsageType, EmailTemplate> contents = new EnumMap<>(UsageType.class);
    readTemplates(config, problems, aliases, contents);
    problems.throwIfAny();
    return new PostmarkConfig(
        token, from, aliases, contents, stream, endpoint, HttpTimeouts.from(config));
  }

  private static void readTemplates(
      ConnectorConfig config,
      ConfigProblems problems,
      Map<UsageType, String> aliases,
      Map<UsageType, EmailTemplate> contents) {
    int before = problems.problems().size();
    for (ConnectorConfig entry : config.objects("templates")) {
      UsageType type;
      try {
        type = UsageType.parse(entry.string("usageType").orElse(null));
      } catch (IllegalArgumentException e) {
        problems.add(entry.path("usageType"), e.getMessage());
        continue;
      }
      if (aliases.containsKey(type) || contents.containsKey(type)) {
        problems.add(
            entry.path("usageType"),
            type.wireName() + " has an entry already; give one per usage type");
        continue;
      }
      Optional<String> alias =
          entry.string("templateAlias").map(String::strip).filter(s -> !s.isEmpty());
      boolean content = entry.has("subject") || entry.has("content");
      if (alias.isPresent() == content) {
        problems.add(
            entry.path(alias.isPresent() ? "templateAlias" : "content"),
            alias.isPresent()
                ? "give either templateAlias (a Postmark template) or subject and content, not both"
                : "give templateAlias (a Postmark template) or subject and content");
      } else if (alias.isPresent()) {
        aliases.put(type, alias.get());
      } else if (!entry.has("subject") || !entry.has("content")) {
        problems.add(
            entry.path(entry.has("subject") ? "content" : "subject"),
            "is required with " + (entry.has("subject") ? "subject" : "content"));
      } else {
        try {
          contents.put(
              type,
              new EmailTemplate(
                  type,
                  EmailTemplate.ContentType.parse(entry.string("contentType").orElse(null)),
                  entry.string("subject").orElse(""),
                  entry.string("content").orElse(""),
                  entry.string("replyTo").orElse(null),
                  entry.string("sendFrom").orElse(null)));
        } catch (IllegalArgumentException e) {
          problems.add(entry.path("contentType"), e.getMessage());
        }
      }
    }
    if (problems.problems().size() == before) {
      Set<UsageType> present = EnumSet.noneOf(UsageType.class);
      present.addAll(aliases.keySet());
      present.addAll(contents.keySet());
      List<String> missing =
          ConfigTemplates.REQUIRED.stream()
              .filter(t -> !present.contains(t))
              .map(UsageType::wireName)
              .toList();
      if (!missing.isEmpty()) {
        problems.add(
            config.path("templates"),
            "Template with UsageType (" + String.join(", ", missing) + ") should be provided!");
      }
    }
  }

  /** The entry for {@code type}, else Generic's: a Postmark alias, or content authmail renders. */
  Optional<Object> template(UsageType type) {
    for (UsageType t :
        type == UsageType.Generic ? List.of(type) : List.of(type, UsageType.Generic)) {
      if (aliases.containsKey(t)) {
        return Optional.of(aliases.get(t));
      }
      if (contents.containsKey(t)) {
        return Optional.of(contents.get(t));
      }
    }
    return Optional.empty();
  }

  /** Without the server token. */
  @Override
  public String toString() {
    return "PostmarkConfig[endpoint="
        + HttpCalls.shown(endpoint)
        + ", fromEmail="
        + fromEmail
        + ", aliases="
        + aliases
        + ", contents="
        + contents.keySet()
        + ", messageStream="
        + messageStream
        + ", timeouts="
        + timeouts.asConfig()
        + "]";
  }
}
