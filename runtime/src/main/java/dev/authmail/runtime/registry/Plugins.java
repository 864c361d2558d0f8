package dev.authmail.runtime.registry;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The plugins of a plugins directory, each with its own class loader. A plugin is a {@code .jar}
 * directly in the directory, or a folder there holding the connector's jar and its dependencies
 * (searched {@value #MAX_DEPTH} levels deep, e.g. {@code acme/lib/okhttp.jar}). Other files (a
 * README) are ignored. Each plugin's class loader has {@link SpiClassLoader} as parent, so it sees
 * the SPI but none of the runtime's libraries, and plugins never see each other.
 *
 * <p>A jar that cannot be opened, or a folder without jars, is a {@link LoadProblem} naming its
 * path; the other plugins still load.
 */
final class Plugins {
  static final int MAX_DEPTH = 3;

  /**
   * One entry of the plugins directory, in name order: a plugin with its class loader, or the
   * problem that kept it from being one.
   */
  record Plugin(Path path, URLClassLoader loader, LoadProblem problem) {
    static Plugin failed(LoadProblem problem) {
      return new Plugin(problem.plugin(), null, problem);
    }
  }

  private Plugins() {}

  /**
   * @param dir the plugins directory; a problem when it is not a readable directory
   * @param runtime the runtime's class loader, from which the SPI packages are shared
   */
  static List<Plugin> scan(Path dir, ClassLoader runtime) {
    List<Plugin> plugins = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      plugins.add(
          Plugin.failed(
              new LoadProblem(
                  LoadProblem.NO_CLASS,
                  Files.exists(dir)
                      ? "the plugins directory is not a directory"
                      : "the plugins directory does not exist",
                  null,
                  dir)));
      return plugins;
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      plugins.add(
          Plugin.failed(
              new LoadProblem(
                  LoadProblem.NO_CLASS, "the plugins directory cannot be read: " + e, e, dir)));
      return plugins;
    }
    SpiClassLoader parent = new SpiClassLoader(runtime);
    for (Path entry : entries) {
      List<Path> jars;
      if (Files.isDirectory(entry)) {
        try (Stream<Path> walk = Files.walk(entry, MAX_DEPTH)) {
          jars = walk.filter(Plugins::isJar).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
          plugins.add(
              Plugin.failed(
                  new LoadProblem(
                      LoadProblem.NO_CLASS, "the plugin folder cannot be read: " + e, e, entry)));
          continue;
        }
        if (jars.isEmpty()) {
          plugins.add(
              Plugin.failed(
                  new LoadProblem(
                      LoadProblem.NO_CLASS, "the plugin folder holds no .jar file", null, entry)));
          continue;
        }
      } else if (isJar(entry)) {
        jars = List.of(entry);
      } else {
        continue;
      }
      String bad = unreadable(jars);
      if (bad != null) {
        plugins.add(Plugin.failed(new LoadProblem(LoadProblem.NO_CLASS, bad, null, entry)));
        continue;
      }
      plugins.add(
          new Plugin(
              entry,
              new URLClassLoader("plugin " + entry.getFileName(), urls(jars), parent),
              null));
    }
    return plugins;
  }

  private static boolean isJar(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
  }

  /** Why one of the jars cannot be used, or {@code null} when all open as zip files. */
  private static String unreadable(List<Path> jars) {
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        file.getManifest(); // reads the central directory and the manifest, if any
      } catch (IOException | SecurityException e) {
        return "not a readable jar file: "
            + jar.getFileName()
            + " ("
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + ")";
      }
    }
    return null;
  }

  private static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException("a file path is not a URL: " + jars.get(i), e);
      }
    }
    return urls;
  }
}
