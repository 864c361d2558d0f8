package dev.authmail.runtime.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a connector factory came from: built into the runtime (its class path), or a plugin under
 * the plugins directory (a jar, or a folder of jars), and the version it declares.
 *
 * @param plugin the plugin's jar or folder; {@code null} for a built-in factory
 * @param version the {@code Implementation-Version} of the jar holding the factory class, else
 *     {@code "unknown"}
 */
public record FactorySource(Path plugin, String version) {
  /** What a factory found on the class path (not through a plugin) is. */
  public static final String BUILT_IN = "built in";

  public FactorySource {
    Objects.requireNonNull(version, "version is null");
  }

  /** The source of a factory found on the runtime's class path. */
  public static FactorySource builtIn(Class<?> factoryClass) {
    return new FactorySource(null, versionOf(factoryClass));
  }

  /** The source of a factory loaded from the plugin at {@code plugin}. */
  public static FactorySource plugin(Path plugin, Class<?> factoryClass) {
    return new FactorySource(
        Objects.requireNonNull(plugin, "plugin is null"), versionOf(factoryClass));
  }

  public boolean builtIn() {
    return plugin == null;
  }

  /** {@code built in} or {@code plugin /path/to/acme.jar}, for people. */
  public String location() {
    return plugin == null ? BUILT_IN : "plugin " + plugin;
  }

  private static String versionOf(Class<?> type) {
    Package p = type.getPackage();
    String version = p == null ? null : p.getImplementationVersion();
    if (version == null) {
      // Classes from a build directory have no manifest; the runtime's own version then stands
      // for the built-in ones, which are always built with it.
      Package runtime = FactorySource.class.getPackage();
      version =
          type.getClassLoader() == FactorySource.class.getClassLoader() && runtime != null
              ? runtime.getImplementationVersion()
              : null;
    }
    return version == null || version.isBlank() ? "unknown" : version;
  }

  @Override
  public String toString() {
    return location() + ", version " + version;
  }
}
