package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.storage.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the configuration file (YAML or JSON, by extension, else by its first character), replaces
 * {@code ${ENV}} references, and checks it as a whole: every problem at once, each with its key
 * path, in file order. Connector blocks are checked against their factory's {@link ConfigSpec}, so
 * their problems read {@code connectors.primary.config.port: expected a number from 1 to 65535, got
 * "abc"}. Semantic checks that need {@link ConnectorFactory#create} are made by {@code
 * ConnectorInstances}, which adds its problems to these.
 *
 * <p>The result always carries a best-effort configuration (the valid parts, defaults elsewhere),
 * so that a caller can go on to check what can be checked. Thread-safe.
 *
 * <p>This class is the door; the work is done by one class per job: {@link ConfigText} reads the
 * file and locates syntax errors, {@link RuntimeSchema} declares the runtime's own keys and reads
 * its sections, {@link ConfigChecks} checks connectors, tenants and the references between
 * sections, and {@link ProblemList} puts the problems in file order. A new section's spec and
 * reader go into {@link RuntimeSchema}; a rule that spans sections goes into {@link ConfigChecks}.
 */
public final class ConfigLoader {
  /** The file formats. YAML 1.1 as SnakeYAML reads it; JSON as RFC 8259. */
  public enum Format {
    YAML,
    JSON
  }

  /**
   * The outcome of loading: the configuration, best effort when there are problems (never {@code
   * null}), and every problem in file order (empty when the file is valid). Immutable.
   */
  public static final class Result {
    private final AuthmailConfig config;
    private final List<ConfigProblem> problems;
    private final ProblemList order;

    Result(AuthmailConfig config, List<ConfigProblem> problems, ProblemList order) {
      this.config = Objects.requireNonNull(config, "config is null");
      this.problems = List.copyOf(problems);
      this.order = order;
    }

    public AuthmailConfig config() {
      return config;
    }

    public List<ConfigProblem> problems() {
      return problems;
    }

    public boolean valid() {
      return problems.isEmpty();
    }

    /**
     * This result with more problems found later (by connectors' {@code create()}), merged in file
     * order, duplicates dropped, secrets scrubbed.
     */
    public Result withMore(List<ConfigProblem> more) {
      List<ConfigProblem> all = new ArrayList<>(problems);
      for (ConfigProblem problem : more) {
        if (!all.contains(problem)) {
          all.add(problem);
        }
      }
      return new Result(config, order == null ? all : order.sort(all, config.secrets()), order);
    }

    /**
     * @throws ConfigException listing every problem
     */
    public AuthmailConfig orThrow() {
      if (!problems.isEmpty()) {
        throw new ConfigException(config.source(), problems);
      }
      return config;
    }

    @Override
    public String toString() {
      return "ConfigLoader.Result[" + config.source() + ", " + problems.size() + " problems]";
    }
  }

  private final ConfigChecks checks;
  private final EnvReferences env;

  /**
   * @param env the environment that {@code ${NAME}} references read; tests pass their own
   */
  public ConfigLoader(ConnectorRegistry registry, Map<String, String> env) {
    this.checks = new ConfigChecks(registry);
    this.env = new EnvReferences(env);
  }

  /** Reads {@code file}; I/O and syntax errors are problems too, never exceptions. */
  public Result load(Path file) {
    String text;
    try {
      text = ConfigText.read(file);
    } catch (ConfigText.Unreadable e) {
      return failed(file.toString(), e.getMessage());
    }
    return parse(text, formatOf(file, text), file.toString());
  }

  /** Parses configuration text; {@code source} names it in messages. */
  public Result parse(String text, Format format, String source) {
    Object tree;
    try {
      tree = ConfigText.parse(text, format);
    } catch (ConfigText.Unreadable e) {
      return failed(source, e.getMessage());
    }
    if (!(tree instanceof Map)) {
      return failed(
          source,
          "the file must hold a mapping of keys ("
              + RuntimeSchema.keyNames(RuntimeSchema.ROOT)
              + "), not "
              + (tree instanceof List ? "a list" : "a single value"));
    }
    return checks.check(tree, env, source);
  }

  /**
   * The {@code plugins.dir} of a configuration file, resolved against the file's directory, or
   * {@code null} when the file has none or cannot be read. The plugins must be loaded before the
   * file is checked (its connectors may name a plugin's factory), so this reads the one key alone;
   * a file that cannot be read is reported by {@link #load} later.
   */
  public static Path pluginsDir(Path file, Map<String, String> env) {
    return ConfigText.pluginsDir(file, env);
  }

  /** The embedded defaults: tenant {@code default} on the built-in service, the capture inbox. */
  public Result defaults() {
    return checks.check(Map.of(), env, AuthmailConfig.EMBEDDED);
  }

  /** YAML or JSON by extension; else JSON when the text starts with '{'. */
  public static Format formatOf(Path file, String text) {
    return ConfigText.formatOf(file, text);
  }

  /** A file that yields no tree: the one problem, and the defaults as the best effort. */
  private static Result failed(String source, String message) {
    AuthmailConfig fallback =
        new AuthmailConfig(
            source,
            new AuthmailConfig.Storage(AuthmailConfig.DEFAULT_STORAGE_URL, Durability.POWER_LOSS),
            new AuthmailConfig.Network(false, List.of()),
            new AuthmailConfig.Platform(
                EmailAddress.parse(AuthmailConfig.DEFAULT_FROM_ADDRESS), null),
            RuntimeSchema.OUTBOX_DEFAULTS,
            Map.of(),
            Map.of(),
            Secrets.none(),
            AuthmailConfig.Auth.NONE);
    return new Result(fallback, List.of(new ConfigProblem("", message)), null);
  }
}
