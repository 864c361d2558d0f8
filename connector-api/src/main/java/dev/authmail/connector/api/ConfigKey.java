package dev.authmail.connector.api;

import java.util.List;
import java.util.Objects;

/**
 * One key of a {@link ConfigSpec}: its name, type, whether it is required or secret, its default,
 * and constraints. Built with {@link ConfigSpec.Builder}.
 *
 * @param fields for {@link Type#OBJECT}: the nested keys, or {@code null} for a free-form object;
 *     for a {@link Type#LIST} of objects: each element's keys
 * @param itemType for {@link Type#LIST}: the elements' type
 * @param min for {@link Type#INTEGER}: the least value (inclusive); for {@link Type#STRING}: the
 *     least length; may be {@code null}
 * @param max the greatest value or length (inclusive); may be {@code null}
 * @param allowed for {@link Type#STRING}: the only values accepted; empty means any
 * @param destination whether the value says where the connector's secrets are sent (see {@link
 *     ConfigSpec.KeyBuilder#destination()}): changing it requires every secret to be entered again
 * @param unsupported when not {@code null}, the key is accepted (Logto's connector takes it) but
 *     has no effect, for this reason; {@link ConfigSpec#warnings} names it when it is written
 */
public record ConfigKey(
    String name,
    Type type,
    boolean required,
    boolean secret,
    Object defaultValue,
    String description,
    Long min,
    Long max,
    List<String> allowed,
    ConfigSpec fields,
    Type itemType,
    boolean destination,
    String unsupported) {

  /** Value types, JSON-shaped. */
  public enum Type {
    /** Text. A number or boolean given where text is expected is taken as its text. */
    STRING("a string"),
    /** A whole number; numeric text (from an {@code ${ENV}} reference) is accepted. */
    INTEGER("a number"),
    /** {@code true}/{@code false}; the texts "true"/"false" are accepted. */
    BOOLEAN("true or false"),
    /** A JSON object, with declared {@link ConfigKey#fields()} or free-form. */
    OBJECT("an object"),
    /** A JSON array of {@link ConfigKey#itemType()}. */
    LIST("a list"),
    /** Any JSON value; the connector checks it. */
    ANY("any value");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    /** For messages: "a number", "an object"… */
    public String description() {
      return description;
    }
  }

  /**
   * A key that is not a {@linkplain #destination() destination}; the constructor before it existed.
   */
  public ConfigKey(
      String name,
      Type type,
      boolean required,
      boolean secret,
      Object defaultValue,
      String description,
      Long min,
      Long max,
      List<String> allowed,
      ConfigSpec fields,
      Type itemType) {
    this(
        name,
        type,
        required,
        secret,
        defaultValue,
        description,
        min,
        max,
        allowed,
        fields,
        itemType,
        false,
        null);
  }

  /** A key that has an effect; the constructor before {@link #unsupported()} existed. */
  public ConfigKey(
      String name,
      Type type,
      boolean required,
      boolean secret,
      Object defaultValue,
      String description,
      Long min,
      Long max,
      List<String> allowed,
      ConfigSpec fields,
      Type itemType,
      boolean destination) {
    this(
        name,
        type,
        required,
        secret,
        defaultValue,
        description,
        min,
        max,
        allowed,
        fields,
        itemType,
        destination,
        null);
  }

  public ConfigKey {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
    allowed = List.copyOf(allowed);
    if (type == Type.LIST && itemType == null) {
      throw new IllegalArgumentException("list key " + name + " needs an item type");
    }
    if (required && defaultValue != null) {
      throw new IllegalArgumentException(
          "key " + name + " is required and has a default; choose one");
    }
    defaultValue = coerceDefault(type, defaultValue);
  }

  /**
   * A default as a bound value of the key's type would be ({@code Long} for numbers, {@code
   * Boolean}), so that {@code config.get(key)} has one type whether the value was given or not.
   * Anything that does not convert cleanly is kept as it is.
   */
  private static Object coerceDefault(Type type, Object value) {
    if (type == Type.INTEGER) {
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        return ((Number) value).longValue();
      }
      if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
        return Long.parseLong(s.trim());
      }
    }
    if (type == Type.BOOLEAN
        && value instanceof String s
        && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    return value;
  }
}
