package dev.authmail.connector.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a person sees when choosing and setting up a connector, in Logto's shape: {@code id}, {@code
 * target}, localized {@code name} and {@code description} (language tag → text, {@code en}
 * required), {@code logo}, {@code logoDark}, {@code readme}, and the {@link FormItem form items}
 * from which a console builds its form, taken from the {@link ConfigSpec} keys that declare them
 * ({@link Builder#form}).
 *
 * @param id the factory id (Logto's where Logto has the connector, e.g. {@code
 *     simple-mail-transfer-protocol}); lower case letters, digits and hyphens
 * @param aliases short names also accepted in configuration (e.g. {@code smtp})
 * @param target the provider family, e.g. {@code smtp}
 * @param logo a URL or data URI of the logo; may be {@code null}
 * @param logoDark the logo for dark backgrounds; may be {@code null}
 * @param readme Markdown for the set-up page; may be {@code null}
 */
public record ConnectorMetadata(
    String id,
    List<String> aliases,
    String target,
    Map<String, String> name,
    Map<String, String> description,
    String logo,
    String logoDark,
    String readme,
    List<FormItem> formItems) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /**
   * @throws IllegalArgumentException when the id is malformed or {@code en} texts are missing
   */
  public ConnectorMetadata {
    Objects.requireNonNull(id, "id is null");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "connector id \"" + id + "\" must be lower-case letters, digits and hyphens");
    }
    aliases = List.copyOf(aliases);
    for (String alias : aliases) {
      if (!ID.matcher(alias).matches()) {
        throw new IllegalArgumentException(
            "alias \"" + alias + "\" of " + id + " must be lower-case letters, digits and hyphens");
      }
    }
    Objects.requireNonNull(target, "target is null");
    name = Map.copyOf(name);
    description = Map.copyOf(description);
    requireEnglish(id, "name", name);
    requireEnglish(id, "description", description);
    formItems = List.copyOf(formItems);
    List<String> keys = new ArrayList<>();
    for (FormItem item : formItems) {
      if (keys.contains(item.key())) {
        throw new IllegalArgumentException(
            "connector " + id + " has two form items with key " + item.key());
      }
      keys.add(item.key());
    }
  }

  private static void requireEnglish(String id, String what, Map<String, String> texts) {
    String en = texts.get("en");
    if (en == null || en.isBlank()) {
      throw new IllegalArgumentException("connector " + id + " needs an English (en) " + what);
    }
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Collects metadata; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final List<String> aliases = new ArrayList<>();
    private String target;
    private final Map<String, String> name = new LinkedHashMap<>();
    private final Map<String, String> description = new LinkedHashMap<>();
    private String logo;
    private String logoDark;
    private String readme;
    private final List<FormItem> formItems = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
      this.target = id;
    }

    public Builder alias(String alias) {
      aliases.add(alias);
      return this;
    }

    public Builder target(String target) {
      this.target = target;
      return this;
    }

    public Builder name(String languageTag, String text) {
      name.put(languageTag, text);
      return this;
    }

    public Builder description(String languageTag, String text) {
      description.put(languageTag, text);
      return this;
    }

    public Builder logo(String logo) {
      this.logo = logo;
      return this;
    }

    public Builder logoDark(String logoDark) {
      this.logoDark = logoDark;
      return this;
    }

    public Builder readme(String readme) {
      this.readme = readme;
      return this;
    }

    /** The form items the spec's keys declare ({@link ConfigSpec#formItems()}), in its order. */
    public Builder form(ConfigSpec spec) {
      formItems.addAll(spec.formItems());
      return this;
    }

    public ConnectorMetadata build() {
      return new ConnectorMetadata(
          id, aliases, target, name, description, logo, logoDark, readme, formItems);
    }
  }
}
