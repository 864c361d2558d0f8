package dev.authmail.connector.tck;

import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.api.template.StoredTemplates;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant's stored templates for a test: an in-memory map keyed by (usage type, language tag),
 * the tag compared ignoring case, as {@link StoredTemplates} requires. Thread-safe.
 */
public final class InMemoryTemplates implements StoredTemplates {
  private record Key(UsageType type, String languageTag) {}

  private final Map<Key, EmailTemplate> templates = new ConcurrentHashMap<>();

  /** Stores {@code template} for its own usage type and {@code languageTag}, replacing any. */
  public InMemoryTemplates put(String languageTag, EmailTemplate template) {
    Objects.requireNonNull(template, "template is null");
    return put(template.usageType(), languageTag, template);
  }

  /** Stores {@code template} for {@code type} and {@code languageTag}, replacing any. */
  public InMemoryTemplates put(UsageType type, String languageTag, EmailTemplate template) {
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(languageTag, "languageTag is null");
    Objects.requireNonNull(template, "template is null");
    templates.put(new Key(type, normalize(languageTag)), template);
    return this;
  }

  /** Removes every stored template. */
  public void clear() {
    templates.clear();
  }

  public int size() {
    return templates.size();
  }

  @Override
  public Optional<EmailTemplate> find(UsageType type, String languageTag) {
    if (type == null || languageTag == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(templates.get(new Key(type, normalize(languageTag))));
  }

  private static String normalize(String languageTag) {
    return languageTag.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "InMemoryTemplates" + templates.keySet();
  }
}
