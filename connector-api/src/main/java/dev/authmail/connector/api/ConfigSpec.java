package dev.authmail.connector.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The configuration keys a connector takes. The host checks every configuration against it before
 * {@link ConnectorFactory#create}: unknown keys, missing required keys, wrong types and constraint
 * violations are all reported at once, each naming its key path; values are coerced (numeric text
 * from an {@code ${ENV}} reference becomes a number) and defaults are filled in. Secret keys are
 * masked wherever a configuration is shown; {@linkplain ConfigKey#destination() destination} keys
 * say where they are sent, so a host changing one asks for every secret again.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigSpec {
  /** What a secret value is replaced with when shown. */
  public static final String MASK = "******";

  private final Map<String, ConfigKey> keys;
  private final List<FormItem> formItems;
  private final boolean openKeys;
  private final String otherKeysUnsupported;

  private ConfigSpec(
      Map<String, ConfigKey> keys,
      List<FormItem> formItems,
      boolean openKeys,
      String otherKeysUnsupported) {
    this.keys = Collections.unmodifiableMap(keys);
    this.formItems = List.copyOf(formItems);
    this.openKeys = openKeys;
    this.otherKeysUnsupported = otherKeysUnsupported;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A spec with no keys that accepts any: for tests and free-form blocks. */
  public static ConfigSpec open() {
    return new ConfigSpec(new LinkedHashMap<>(), List.of(), true, null);
  }

  /** The keys, in declaration order. */
  public List<ConfigKey> keys() {
    return List.copyOf(keys.values());
  }

  /**
   * The set-up form's items, in Logto's shape: one per key declared with {@link KeyBuilder#form},
   * in declaration order unless {@link Builder#formOrder} says otherwise. {@link
   * ConnectorMetadata.Builder#form} takes them, so each key is declared once.
   */
  public List<FormItem> formItems() {
    return formItems;
  }

  public Optional<ConfigKey> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /**
   * This spec's keys declared with {@link KeyBuilder#destination()}, in declaration order: changing
   * the value of any of them requires every secret of the configuration to be entered again. Keys
   * of a nested object or of list elements are not included; ask their {@link ConfigKey#fields()}.
   */
  public List<ConfigKey> destinationKeys() {
    return keys.values().stream().filter(ConfigKey::destination).toList();
  }

  /** Whether keys that are not declared are accepted (and kept as they are). */
  public boolean openKeys() {
    return openKeys;
  }

  /**
   * Every problem with {@code raw}, each with its key path relative to the config's root, or an
   * empty list when it is valid. Never quotes a secret value.
   */
  public List<ConfigProblem> check(Map<String, ?> raw) {
    return new ConfigChecker().check(this, raw, "").problems();
  }

  /**
   * The keys written in {@code raw} that are accepted but have no effect, at any depth: keys
   * declared {@linkplain KeyBuilder#unsupported unsupported}, and undeclared keys of a spec built
   * with {@link Builder#otherKeysUnsupported}. Each names its key path and why it has no effect, so
   * that nothing a user wrote is ignored silently. Not problems: a config with warnings is valid.
   */
  public List<ConfigProblem> warnings(Map<String, ?> raw) {
    List<ConfigProblem> out = new ArrayList<>();
    warnings(raw, "", out);
    return out;
  }

  private void warnings(Map<String, ?> raw, String path, List<ConfigProblem> out) {
    raw.forEach(
        (name, value) -> {
          String keyPath = path.isEmpty() ? name : path + "." + name;
          ConfigKey key = keys.get(name);
          if (key == null) {
            if (otherKeysUnsupported != null) {
              out.add(
                  new ConfigProblem(keyPath, "is accepted but not used: " + otherKeysUnsupported));
            }
          } else if (key.unsupported() != null) {
            out.add(new ConfigProblem(keyPath, "is accepted but not used: " + key.unsupported()));
          } else if (key.fields() != null && value instanceof Map<?, ?> map) {
            key.fields().warnings(stringKeys(map), keyPath, out);
          } else if (key.fields() != null && value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
              if (list.get(i) instanceof Map<?, ?> map) {
                key.fields().warnings(stringKeys(map), keyPath + "[" + i + "]", out);
              }
            }
          }
        });
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /**
   * Checks, coerces and fills defaults.
   *
   * @throws ConnectorException {@link ErrorCode#INVALID_CONFIG} listing every problem
   */
  public ConnectorConfig bind(Map<String, ?> raw) {
    ConfigChecker.Result result = new ConfigChecker().check(this, raw, "");
    if (!result.problems().isEmpty()) {
      throw ConnectorException.invalidConfig(result.problems());
    }
    return new ConnectorConfig(result.value(), this, "");
  }

  /** A copy of {@code raw} with every secret value replaced by {@link #MASK}. */
  public Map<String, Object> mask(Map<String, ?> raw) {
    return ConfigChecker.mask(this, raw);
  }

  /** Collects keys; not thread-safe. */
  public static final class Builder {
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private final Map<String, FormItem> formItems = new LinkedHashMap<>();
    private List<String> formOrder = List.of();
    private boolean openKeys;
    private String otherKeysUnsupported;

    private Builder() {}

    public Builder string(String name) {
      return string(name, k -> {});
    }

    public Builder string(String name, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.STRING, null, null, options);
    }

    public Builder integer(String name, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.INTEGER, null, null, options);
    }

    public Builder bool(String name, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.BOOLEAN, null, null, options);
    }

    /** An object with declared fields. */
    public Builder object(String name, ConfigSpec fields, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.OBJECT, fields, null, options);
    }

    /** A free-form object (any keys, JSON-shaped values). */
    public Builder map(String name, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.OBJECT, null, null, options);
    }

    /** A list of objects with declared fields. */
    public Builder objects(String name, ConfigSpec fields, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.LIST, fields, ConfigKey.Type.OBJECT, options);
    }

    /** A list of plain values of one type. */
    public Builder list(String name, ConfigKey.Type itemType, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.LIST, null, itemType, options);
    }

    /** Any JSON value, checked by the connector. */
    public Builder any(String name, Consumer<KeyBuilder> options) {
      return add(name, ConfigKey.Type.ANY, null, null, options);
    }

    /** Accept (and keep) keys that are not declared. */
    public Builder openKeys() {
      this.openKeys = true;
      return this;
    }

    /**
     * Accept (and keep) keys that are not declared, and name each in {@link ConfigSpec#warnings} as
     * having no effect, for {@code reason}: for a block such as Node's TLS options, of which a
     * connector honours a few and cannot apply the rest.
     */
    public Builder otherKeysUnsupported(String reason) {
      this.openKeys = true;
      this.otherKeysUnsupported = Objects.requireNonNull(reason, "reason is null");
      return this;
    }

    private Builder add(
        String name,
        ConfigKey.Type type,
        ConfigSpec fields,
        ConfigKey.Type itemType,
        Consumer<KeyBuilder> options) {
      Objects.requireNonNull(name, "name is null");
      if (keys.containsKey(name)) {
        throw new IllegalArgumentException("key " + name + " declared twice");
      }
      KeyBuilder kb = new KeyBuilder();
      options.accept(kb);
      ConfigKey key =
          new ConfigKey(
              name,
              type,
              kb.required,
              kb.secret,
              kb.defaultValue,
              kb.description,
              kb.min,
              kb.max,
              kb.allowed,
              fields,
              itemType,
              kb.destination,
              kb.unsupported);
      keys.put(name, key);
      if (kb.form != null) {
        FormItem.Builder item = FormItem.builder(key);
        kb.form.accept(item);
        formItems.put(name, item.build());
      }
      return this;
    }

    /**
     * Lists the form's items in this order instead of the keys' declaration order (each named key
     * must declare a {@linkplain KeyBuilder#form form item}; those not named follow in declaration
     * order): for a connector whose form, as Logto shows it, orders fields unlike its spec.
     */
    public Builder formOrder(String... keys) {
      this.formOrder = List.of(keys);
      return this;
    }

    /**
     * @throws IllegalArgumentException when {@link #formOrder} names a key without a form item
     */
    public ConfigSpec build() {
      List<FormItem> items = new ArrayList<>();
      for (String name : formOrder) {
        FormItem item = formItems.get(name);
        if (item == null) {
          throw new IllegalArgumentException(
              "formOrder names " + name + ", which declares no form item");
        }
        items.add(item);
      }
      formItems.forEach(
          (name, item) -> {
            if (!formOrder.contains(name)) {
              items.add(item);
            }
          });
      return new ConfigSpec(new LinkedHashMap<>(keys), items, openKeys, otherKeysUnsupported);
    }
  }

  /** Options of one key; not thread-safe. */
  public static final class KeyBuilder {
    private boolean required;
    private boolean secret;
    private boolean destination;
    private String unsupported;
    private Object defaultValue;
    private String description;
    private Long min;
    private Long max;
    private final List<String> allowed = new ArrayList<>();
    private Consumer<FormItem.Builder> form;

    private KeyBuilder() {}

    /**
     * The key's field in the set-up form (Logto's form item), e.g. {@code k.form(f ->
     * f.label("Host").placeholder("smtp.example.com"))}. The item starts from the key: its required
     * flag, default and secrecy (a secret text is confidential), and a type from the value type
     * (string: Text, integer: Number, boolean: Switch, others: Json; Select when choices are
     * given); {@code options} gives the label and may change the rest.
     */
    public KeyBuilder form(Consumer<FormItem.Builder> options) {
      this.form = Objects.requireNonNull(options, "options is null");
      return this;
    }

    public KeyBuilder required() {
      this.required = true;
      return this;
    }

    /** Masked wherever shown, never quoted in an error. */
    public KeyBuilder secret() {
      this.secret = true;
      return this;
    }

    /**
     * The value says where the connector's secrets are sent: a host, port, URL, base URL or region,
     * or a setting that decides which peer is accepted as that server or whether the secrets cross
     * the network in clear (TLS mode, trusted certificates, server name). Changing this key's value
     * requires every secret to be entered again: a host that keeps a stored secret when a client
     * sends back {@link ConfigSpec#MASK} refuses a configuration in which a destination key's value
     * differs from the stored one while any secret is taken from storage, since the stored secret
     * would otherwise go to a server its owner never chose. Mark every key whose change could
     * redirect a secret; keys that only shape the message (sender name, templates, timeouts) are
     * not destinations.
     */
    public KeyBuilder destination() {
      this.destination = true;
      return this;
    }

    /**
     * The key is accepted, because the platform whose configurations this connector loads takes it,
     * but it has no effect here, for {@code reason} ("the JVM's resolver settings apply"); {@link
     * ConfigSpec#warnings} names it whenever a configuration writes it.
     */
    public KeyBuilder unsupported(String reason) {
      this.unsupported = Objects.requireNonNull(reason, "reason is null");
      return this;
    }

    public KeyBuilder defaultValue(Object defaultValue) {
      this.defaultValue = defaultValue;
      return this;
    }

    /** One line for people: what the key is for, with an example. */
    public KeyBuilder description(String description) {
      this.description = description;
      return this;
    }

    /** Inclusive range of a number, or of a string's length. */
    public KeyBuilder range(long min, long max) {
      this.min = min;
      this.max = max;
      return this;
    }

    public KeyBuilder min(long min) {
      this.min = min;
      return this;
    }

    public KeyBuilder max(long max) {
      this.max = max;
      return this;
    }

    /** The only accepted values of a string, compared exactly. */
    public KeyBuilder oneOf(String... values) {
      allowed.addAll(List.of(values));
      return this;
    }
  }
}
