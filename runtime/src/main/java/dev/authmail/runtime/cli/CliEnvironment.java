package dev.authmail.runtime.cli;

import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands take from the world: the environment that {@code ${NAME}} references read, the
 * connector registry (discovered once, on first use, with the plugins directory) and the clock.
 * Tests make their own.
 */
public final class CliEnvironment {
  /** The environment variable naming the plugins directory. */
  public static final String PLUGINS_ENV = "AUTHMAIL_PLUGINS";

  /**
   * The plugins directory used when nothing names one and it exists, relative to the working
   * directory.
   */
  public static final Path DEFAULT_PLUGINS = Path.of("plugins");

  private final Map<String, String> env;
  private final Function<Path, ConnectorRegistry> registryLoader;
  private final Clock clock;
  private ConnectorRegistry registry;
  private Path pluginsOption;
  private Path configFile;

  /** An environment whose registry ignores plugins: {@code registry} supplies it as is. */
  public CliEnvironment(
      Map<String, String> env, Supplier<ConnectorRegistry> registry, Clock clock) {
    this(env, plugins -> registry.get(), clock);
    Objects.requireNonNull(registry, "registry is null");
  }

  private CliEnvironment(
      Map<String, String> env, Function<Path, ConnectorRegistry> registryLoader, Clock clock) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env is null"));
    this.registryLoader = registryLoader;
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /** The process's environment, its class path and the plugins directory. */
  public static CliEnvironment system() {
    return withPlugins(System.getenv(), Clock.systemUTC());
  }

  /** {@code env}'s variables, the class path and the plugins directory of {@link #pluginsDir()}. */
  static CliEnvironment withPlugins(Map<String, String> env, Clock clock) {
    ClassLoader loader =
        Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader()
            : CliEnvironment.class.getClassLoader();
    return new CliEnvironment(env, plugins -> ConnectorRegistry.load(loader, plugins), clock);
  }

  /**
   * What the command line said before the registry is needed: {@code --plugins} (or {@code null})
   * and the configuration file the command reads (or {@code null}), whose {@code plugins.dir}
   * counts.
   */
  synchronized void commandLine(Path pluginsOption, Path configFile) {
    this.pluginsOption = pluginsOption;
    this.configFile = configFile;
  }

  /**
   * The plugins directory, first found of: {@code --plugins DIR}, {@code AUTHMAIL_PLUGINS}, the
   * configuration file's {@code plugins.dir}, {@code ./plugins} when it is a directory; else {@code
   * null} (no plugins). One named explicitly that does not exist is reported by the registry.
   */
  public synchronized Path pluginsDir() {
    Path dir = null;
    String fromEnv = env.get(PLUGINS_ENV);
    if (pluginsOption != null) {
      dir = pluginsOption;
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      dir = Path.of(fromEnv.trim());
    } else if (configFile != null) {
      dir = ConfigLoader.pluginsDir(configFile, env);
    }
    if (dir == null && Files.isDirectory(DEFAULT_PLUGINS)) {
      dir = DEFAULT_PLUGINS;
    }
    // absolute, so that messages about a plugin name a path that means something anywhere
    return dir == null ? null : dir.toAbsolutePath().normalize();
  }

  public Map<String, String> env() {
    return env;
  }

  public synchronized ConnectorRegistry registry() {
    if (registry == null) {
      registry = registryLoader.apply(pluginsDir());
    }
    return registry;
  }

  public Clock clock() {
    return clock;
  }
}
