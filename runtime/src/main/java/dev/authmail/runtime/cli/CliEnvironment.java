package dev.authmail.runtime.cli;

import dev.authmail.runtime.registry.ConnectorRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the commands take from the world: the environment that {@code ${NAME}} references read,
 * the connector registry (discovered once, on first use) and the clock. Tests make their own.
 */
public final class CliEnvironment {
  private final Map<String, String> env;
  private final Supplier<ConnectorRegistry> registrySupplier;
  private final Clock clock;
  private ConnectorRegistry registry;

  public CliEnvironment(Map<String, String> env, Supplier<ConnectorRegistry> registry, Clock clock) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env is null"));
    this.registrySupplier = Objects.requireNonNull(registry, "registry is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /** The process's environment and class path. */
  public static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), ConnectorRegistry::load, Clock.systemUTC());
  }

  public Map<String, String> env() {
    return env;
  }

  public synchronized ConnectorRegistry registry() {
    if (registry == null) {
      registry = registrySupplier.get();
    }
    return registry;
  }

  public Clock clock() {
    return clock;
  }
}
