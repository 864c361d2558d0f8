package dev.authmail.connector.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One field of a connector's set-up form, in Logto's shape. Declared as an option of the config key
 * it edits ({@link ConfigSpec.KeyBuilder#form}), so a field and its key cannot drift apart; {@link
 * ConfigSpec#formItems()} lists them and {@link ConnectorMetadata.Builder#form} takes them.
 *
 * @param key the configuration key the field edits (top level)
 * @param type Logto's item type
 * @param confidential the value is a secret: masked when shown ({@link Type#Text} only, as Logto)
 * @param defaultValue JSON-shaped default, or {@code null}
 * @param selectItems the choices of a {@link Type#Select} or {@link Type#MultiSelect}
 * @param showConditions the field is shown only when every condition holds
 */
public record FormItem(
    String key,
    Type type,
    String label,
    String placeholder,
    boolean required,
    Object defaultValue,
    List<SelectItem> selectItems,
    List<ShowCondition> showConditions,
    String description,
    String tooltip,
    boolean confidential) {

  /** Logto's form item types, spelled as Logto spells them on the wire. */
  public enum Type {
    Text,
    Number,
    MultilineText,
    Switch,
    Select,
    MultiSelect,
    Json
  }

  /** A choice: the stored {@code value} and the {@code title} shown. */
  public record SelectItem(Object value, String title) {
    public SelectItem {
      Objects.requireNonNull(value, "value is null");
    }
  }

  /** Show the field only when the field {@code targetKey} has the value {@code expectValue}. */
  public record ShowCondition(String targetKey, Object expectValue) {
    public ShowCondition {
      Objects.requireNonNull(targetKey, "targetKey is null");
    }
  }

  public FormItem {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(label, "label is null");
    selectItems = List.copyOf(selectItems);
    showConditions = List.copyOf(showConditions);
    if (confidential && type != Type.Text) {
      throw new IllegalArgumentException(
          "form item " + key + ": only Text items can be confidential");
    }
    if ((type == Type.Select || type == Type.MultiSelect) && selectItems.isEmpty()) {
      throw new IllegalArgumentException(
          "form item " + key + ": a " + type + " needs select items");
    }
  }

  /**
   * The item a {@link ConfigSpec} key declares with {@link ConfigSpec.KeyBuilder#form}: required,
   * default and confidential as the key is, the type from its value type.
   */
  static Builder builder(ConfigKey key) {
    Type type =
        switch (key.type()) {
          case STRING -> Type.Text;
          case INTEGER -> Type.Number;
          case BOOLEAN -> Type.Switch;
          case OBJECT, LIST, ANY -> Type.Json;
        };
    Builder builder = new Builder(key.name(), type, null);
    builder.required = key.required();
    builder.defaultValue = key.defaultValue();
    builder.confidential = key.secret() && type == Type.Text;
    return builder;
  }

  /** Collects a form item for {@link ConfigSpec.KeyBuilder#form}; not thread-safe. */
  public static final class Builder {
    private final String key;
    private Type type;
    private String label;
    private String placeholder;
    private boolean required;
    private Object defaultValue;
    private final List<SelectItem> selectItems = new ArrayList<>();
    private final List<ShowCondition> showConditions = new ArrayList<>();
    private String description;
    private String tooltip;
    private boolean confidential;

    private Builder(String key, Type type, String label) {
      this.key = key;
      this.type = type;
      this.label = label;
    }

    /** The text shown beside the field; required. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /**
     * Logto's item type; when a spec key declares the item, its value type chooses one (text,
     * number, switch, JSON; a select when choices are given), which this overrides.
     */
    public Builder type(Type type) {
      this.type = type;
      return this;
    }

    public Builder placeholder(String placeholder) {
      this.placeholder = placeholder;
      return this;
    }

    public Builder required() {
      this.required = true;
      return this;
    }

    /** Whether the form marks the field required; a spec key's item starts as the key is. */
    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    public Builder defaultValue(Object defaultValue) {
      this.defaultValue = defaultValue;
      return this;
    }

    public Builder select(Object value, String title) {
      selectItems.add(new SelectItem(value, title));
      return this;
    }

    public Builder showWhen(String targetKey, Object expectValue) {
      showConditions.add(new ShowCondition(targetKey, expectValue));
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder tooltip(String tooltip) {
      this.tooltip = tooltip;
      return this;
    }

    public Builder confidential() {
      this.confidential = true;
      return this;
    }

    public FormItem build() {
      if (label == null) {
        throw new IllegalArgumentException("form item " + key + " needs a label");
      }
      if (type == Type.Text && !selectItems.isEmpty()) {
        type = Type.Select;
      }
      return new FormItem(
          key,
          type,
          label,
          placeholder,
          required,
          defaultValue,
          selectItems,
          showConditions,
          description,
          tooltip,
          confidential);
    }
  }
}
