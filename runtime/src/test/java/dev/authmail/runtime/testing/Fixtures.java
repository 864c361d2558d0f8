package dev.authmail.runtime.testing;

import dev.authmail.runtime.registry.ConnectorRegistry;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Registries over the test resources {@code fixtures/<set>/META-INF/services}: {@code good}
 * registers test-mail and test-hook; {@code broken} registers a provider whose constructor throws,
 * one with invalid metadata, one whose class does not exist, and test-hook again (which still
 * loads). They sit outside the default class path so that other tests' registries stay clean; the
 * real connectors (runtime-scope dependencies) are found through the parent class loader.
 */
public final class Fixtures {
  private Fixtures() {}

  public static ClassLoader loader(String... sets) {
    URL[] urls = new URL[sets.length];
    for (int i = 0; i < sets.length; i++) {
      urls[i] = url(sets[i]);
    }
    return new URLClassLoader(urls, Fixtures.class.getClassLoader());
  }

  public static ConnectorRegistry registry(String... sets) {
    return ConnectorRegistry.load(loader(sets));
  }

  private static URL url(String set) {
    URL marker =
        Fixtures.class.getResource(
            "/fixtures/" + set + "/META-INF/services/dev.authmail.connector.api.ConnectorFactory");
    if (marker == null) {
      throw new IllegalArgumentException("no fixture set " + set);
    }
    try {
      Path root = Path.of(marker.toURI()).getParent().getParent().getParent();
      return root.toUri().toURL();
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
