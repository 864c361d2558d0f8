package dev.authmail.runtime.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.api.template.StoredTemplates;
import dev.authmail.connector.toolkit.LanguageTags;
import dev.authmail.runtime.api.InvalidInput;
import dev.authmail.runtime.templates.TemplateStore.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logto's stored i18n email templates: one per (tenant, language tag, usage type), details {@code
 * {subject, content, contentType?, replyTo?, sendFrom?}}. Language tags are stored in BCP 47 case
 * ({@code fr-ca} is kept as {@code fr-CA}), so a tag is one row whatever case it was sent in.
 *
 * <p>{@link #forTenant} is the tenant's {@link StoredTemplates}, which every connector context of
 * the tenant carries (the module gives it to {@code ConnectorInstances.useTemplates}): SMTP, SES
 * and SendGrid look stored templates up through {@code TemplateRenderer} before their config
 * templates. Lookups are served from a per-tenant cache, dropped on every change made here and
 * re-read after {@code cacheTtl} at the latest (changes made by another node).
 *
 * <p>Thread-safe.
 */
public final class EmailTemplates {
  private static final Logger LOG = LoggerFactory.getLogger(EmailTemplates.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  static final String SUBJECT = "subject";
  static final String CONTENT = "content";
  static final String CONTENT_TYPE = "contentType";
  static final String REPLY_TO = "replyTo";
  static final String SEND_FROM = "sendFrom";
  private static final Set<String> DETAIL_KEYS =
      Set.of(SUBJECT, CONTENT, CONTENT_TYPE, REPLY_TO, SEND_FROM);
  private static final int MAX_SUBJECT = 998;
  private static final int MAX_CONTENT = 512 * 1024;
  private static final int MAX_HEADER_TEXT = 320;

  /** A stored template as the API shows it (Logto's shape plus {@code updatedAt}). */
  public record Template(
      String id,
      String tenantId,
      String languageTag,
      String templateType,
      Map<String, Object> details,
      Instant createdAt,
      Instant updatedAt) {}

  /** One entry of a bulk upsert, as sent. */
  public record Upsert(String languageTag, String templateType, Map<String, Object> details) {}

  private record Cached(Map<String, EmailTemplate> byKey, long loadedAt) {}

  private final TemplateStore store;
  private final Clock clock;
  private final long ttlNanos;
  private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

  public EmailTemplates(TemplateStore store, Clock clock, Duration cacheTtl) {
    this.store = Objects.requireNonNull(store, "store is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.ttlNanos = cacheTtl.toNanos();
  }

  /**
   * Inserts or replaces each template, all or none.
   *
   * @throws InvalidInput listing every problem as {@code templates[i].<field>}
   */
  public List<Template> upsert(String tenant, List<Upsert> templates) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    Instant now = clock.instant();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < templates.size(); i++) {
      String at = "templates[" + i + "]";
      Upsert u = templates.get(i);
      String tag = languageTag(at + ".languageTag", u.languageTag(), problems);
      UsageType type = templateType(at + ".templateType", u.templateType(), problems);
      Map<String, Object> details = details(at + ".details", u.details(), problems);
      if (tag != null && type != null && !seen.add(tag + "|" + type.wireName())) {
        problems.add(
            new ConfigProblem(
                at, "repeats languageTag " + tag + " with templateType " + type.wireName()));
      }
      if (tag != null && type != null && details != null) {
        rows.add(new Row(newId(), tenant, tag, type.wireName(), write(details), now, now));
      }
    }
    if (templates.isEmpty()) {
      problems.add(new ConfigProblem("templates", "is empty; send at least one template"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    List<Template> saved = store.upsert(rows).stream().map(EmailTemplates::view).toList();
    cache.remove(tenant);
    return saved;
  }

  /**
   * The tenant's templates, filtered by language tag and/or type when given.
   *
   * @throws InvalidInput when a filter is malformed
   */
  public List<Template> list(String tenant, String languageTag, String templateType) {
    Filter f = filter(languageTag, templateType);
    return store.list(tenant, f.tag(), f.type()).stream().map(EmailTemplates::view).toList();
  }

  public Optional<Template> get(String tenant, String id) {
    return store.find(tenant, id).map(EmailTemplates::view);
  }

  /**
   * Shallow-merges {@code changes} into the template's details ({@code null} removes an optional
   * key) and validates the result.
   *
   * @throws InvalidInput listing the merged details' problems
   */
  public Optional<Template> patchDetails(String tenant, String id, Map<String, Object> changes) {
    Optional<Row> row = store.find(tenant, id);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> merged = new LinkedHashMap<>(read(row.get().detailsJson()));
    changes.forEach(
        (k, v) -> {
          if (v == null) {
            merged.remove(k);
          } else {
            merged.put(k, v);
          }
        });
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, Object> details = details("details", merged, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    Optional<Template> saved =
        store.replaceDetails(tenant, id, write(details), clock.instant()).map(EmailTemplates::view);
    cache.remove(tenant);
    return saved;
  }

  public boolean delete(String tenant, String id) {
    boolean deleted = store.delete(tenant, id);
    cache.remove(tenant);
    return deleted;
  }

  /**
   * Deletes the tenant's templates of a language tag and/or type.
   *
   * @return how many were deleted
   * @throws InvalidInput when no filter is given (deleting everything by accident is refused) or
   *     one is malformed
   */
  public int deleteWhere(String tenant, String languageTag, String templateType) {
    if (languageTag == null && templateType == null) {
      throw new InvalidInput(
          "languageTag",
          "give languageTag and/or templateType; deleting every template at once is refused");
    }
    Filter f = filter(languageTag, templateType);
    int count = store.deleteWhere(tenant, f.tag(), f.type());
    cache.remove(tenant);
    return count;
  }

  /** The tenant's stored templates for connectors: cached, exact lookups (case-insensitive tag). */
  public StoredTemplates forTenant(String tenant) {
    Objects.requireNonNull(tenant, "tenant is null");
    return (type, languageTag) -> {
      if (type == null || languageTag == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(templates(tenant).get(key(type.wireName(), languageTag)));
    };
  }

  private Map<String, EmailTemplate> templates(String tenant) {
    long now = System.nanoTime();
    Cached cached = cache.get(tenant);
    if (cached != null && now - cached.loadedAt() < ttlNanos) {
      return cached.byKey();
    }
    Map<String, EmailTemplate> byKey = new ConcurrentHashMap<>();
    for (Row row : store.list(tenant, null, null)) {
      try {
        UsageType type = UsageType.parse(row.templateType());
        Map<String, Object> d = read(row.detailsJson());
        byKey.put(
            key(row.templateType(), row.languageTag()),
            new EmailTemplate(
                type,
                EmailTemplate.ContentType.parse((String) d.get(CONTENT_TYPE)),
                (String) d.get(SUBJECT),
                (String) d.get(CONTENT),
                (String) d.get(REPLY_TO),
                (String) d.get(SEND_FROM)));
      } catch (RuntimeException e) {
        LOG.warn(
            "stored email template {} of tenant {} is unusable and skipped: {}",
            row.id(),
            tenant,
            e.getMessage());
      }
    }
    cache.put(tenant, new Cached(byKey, now));
    return byKey;
  }

  private static String key(String type, String tag) {
    return type + "|" + tag.toLowerCase(Locale.ROOT);
  }

  private record Filter(String tag, String type) {}

  private static Filter filter(String languageTag, String templateType) {
    List<ConfigProblem> problems = new ArrayList<>();
    String tag = languageTag == null ? null : languageTag("languageTag", languageTag, problems);
    UsageType type =
        templateType == null ? null : templateType("templateType", templateType, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return new Filter(tag, type == null ? null : type.wireName());
  }

  private static String languageTag(String path, String value, List<ConfigProblem> problems) {
    String tag = LanguageTags.normalize(value);
    if (tag == null) {
      problems.add(
          new ConfigProblem(
              path,
              value == null
                  ? "is required, e.g. \"en\" or \"fr-CA\""
                  : "is not a language tag; use BCP 47, e.g. \"en\" or \"fr-CA\""));
    }
    return tag;
  }

  private static UsageType templateType(String path, String value, List<ConfigProblem> problems) {
    if (value == null) {
      problems.add(new ConfigProblem(path, "is required; one of " + UsageType.valid()));
      return null;
    }
    for (UsageType type : UsageType.values()) {
      if (type.wireName().equals(value)) {
        return type;
      }
    }
    problems.add(new ConfigProblem(path, "is not a usage type; one of " + UsageType.valid()));
    return null;
  }

  /** The checked details, or {@code null} with problems added. */
  static Map<String, Object> details(
      String path, Map<String, Object> details, List<ConfigProblem> problems) {
    if (details == null) {
      problems.add(
          new ConfigProblem(
              path, "is required: {subject, content, contentType?, replyTo?, sendFrom?}"));
      return null;
    }
    int before = problems.size();
    for (String key : details.keySet()) {
      if (!DETAIL_KEYS.contains(key)) {
        problems.add(
            new ConfigProblem(
                path + "." + key,
                "is not a template detail; use subject, content,"
                    + " contentType, replyTo or sendFrom"));
      }
    }
    text(path, details, SUBJECT, true, MAX_SUBJECT, problems);
    text(path, details, CONTENT, true, MAX_CONTENT, problems);
    if (text(path, details, CONTENT_TYPE, false, 20, problems)) {
      Object type = details.get(CONTENT_TYPE);
      if (type != null && !"text/html".equals(type) && !"text/plain".equals(type)) {
        problems.add(
            new ConfigProblem(
                path + "." + CONTENT_TYPE, "must be \"text/html\" or \"text/plain\""));
      }
    }
    text(path, details, REPLY_TO, false, MAX_HEADER_TEXT, problems);
    text(path, details, SEND_FROM, false, MAX_HEADER_TEXT, problems);
    if (problems.size() > before) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : List.of(SUBJECT, CONTENT, CONTENT_TYPE, REPLY_TO, SEND_FROM)) {
      if (details.get(key) != null) {
        out.put(key, details.get(key));
      }
    }
    return out;
  }

  private static boolean text(
      String path,
      Map<String, Object> details,
      String key,
      boolean required,
      int max,
      List<ConfigProblem> problems) {
    Object value = details.get(key);
    if (value == null) {
      if (required) {
        problems.add(new ConfigProblem(path + "." + key, "is required"));
      }
      return value == null && !required;
    }
    if (!(value instanceof String s)) {
      problems.add(new ConfigProblem(path + "." + key, "must be a string"));
      return false;
    }
    if (required && s.isBlank()) {
      problems.add(new ConfigProblem(path + "." + key, "must not be blank"));
      return false;
    }
    if (s.length() > max) {
      problems.add(
          new ConfigProblem(
              path + "." + key, "is " + s.length() + " characters long; at most " + max));
      return false;
    }
    if (!CONTENT.equals(key)) {
      // the same rule as a connector's config templates (EmailTemplate): refused when saved
      String problem =
          REPLY_TO.equals(key)
              ? EmailTemplate.replyToProblem(s)
              : EmailTemplate.headerTextProblem(s);
      if (problem != null) {
        problems.add(new ConfigProblem(path + "." + key, problem));
        return false;
      }
    }
    return true;
  }

  private static Template view(Row row) {
    return new Template(
        row.id(),
        row.tenant(),
        row.languageTag(),
        row.templateType(),
        read(row.detailsJson()),
        row.createdAt(),
        row.updatedAt());
  }

  private static Map<String, Object> read(String json) {
    try {
      return JSON.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored template details are not JSON");
    }
  }

  private static String write(Map<String, Object> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("template details are not JSON-shaped", e);
    }
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 21);
  }
}
