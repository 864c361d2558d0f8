package dev.authmail.runtime.registry;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The parent of every plugin's class loader: the JDK, plus the shared packages (the SPI and the
 * JDK-only helpers beside it) taken from the runtime's own class loader, and nothing else. A plugin
 * therefore sees exactly one {@code ConnectorFactory} class (the runtime's, so its factories can be
 * used), but never the runtime's OkHttp, Jackson or SLF4J: it brings its own versions and they
 * cannot clash. Resources are the JDK's only, so a plugin's {@code ServiceLoader} finds the
 * plugin's own service files, not the built-in connectors'.
 *
 * <p>Thread-safe (registered as parallel capable; it defines no class itself).
 */
final class SpiClassLoader extends ClassLoader {
  /**
   * The packages a plugin shares with the runtime. Only JDK-only modules belong here: a shared
   * class that referred to a third-party library would drag the runtime's copy of it in.
   */
  static final List<String> SHARED_PACKAGES =
      List.of("dev.authmail.connector.api.", "dev.authmail.connector.toolkit.");

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader runtime;

  /**
   * @param runtime the class loader that holds the runtime and its built-in connectors
   */
  SpiClassLoader(ClassLoader runtime) {
    super("authmail-spi", ClassLoader.getPlatformClassLoader());
    this.runtime = Objects.requireNonNull(runtime, "runtime is null");
  }

  static boolean shared(String className) {
    for (String prefix : SHARED_PACKAGES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (shared(name)) {
      return runtime.loadClass(name);
    }
    return super.loadClass(name, resolve); // the platform loader, then findClass: not found
  }

  @Override
  protected URL findResource(String name) {
    return null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return Collections.emptyEnumeration();
  }
}
