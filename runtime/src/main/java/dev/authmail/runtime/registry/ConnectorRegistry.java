package dev.authmail.runtime.registry;

import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector factories found on the class path, by id and alias.
 *
 * <p>Discovery follows {@link java.sql.DriverManager}'s habit: a provider that cannot be loaded,
 * constructed or described is kept as a {@link LoadProblem} (and logged with its class name and
 * reason) and the others still load. Two factories claiming one name (an id, or an id and another
 * factory's alias) are a {@link Conflict}: that name cannot be used, and looking it up is an error
 * naming both classes; the rest of the registry still works, so a stray jar breaks only the
 * configuration that names it.
 *
 * <p>Names are Logto's factory ids plus the aliases a factory declares in {@link
 * ConnectorMetadata#aliases()} (each first-party connector declares its short name: {@code smtp},
 * {@code ses}…); the runtime knows no connector's name of its own. Lookup ignores case.
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class ConnectorRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorRegistry.class);
  private static final Pattern PROVIDER_NAME = Pattern.compile("Provider (\\S+)");
  private static final String SERVICE_PREFIX = ConnectorFactory.class.getName() + ": ";

  /** A bound on consecutive service-file errors, so a pathological class path cannot loop. */
  private static final int MAX_ERRORS = 1_000;

  /** Two or more factories claiming one name; the name cannot be used until one jar goes. */
  public record Conflict(String name, List<String> classNames) {
    public Conflict {
      classNames = List.copyOf(classNames);
    }

    public String message() {
      return "connector factories "
          + String.join(" and ", classNames)
          + " both claim the name \""
          + name
          + "\"; remove one of them from the class path";
    }

    @Override
    public String toString() {
      return message();
    }
  }

  private final List<ConnectorFactory> factories;
  private final Map<String, ConnectorFactory> byName;
  private final Map<String, Conflict> conflicts;
  private final Map<ConnectorFactory, List<String>> aliases;
  private final List<LoadProblem> problems;
  private final Map<ConnectorFactory, FactorySource> sources;

  private ConnectorRegistry(
      List<ConnectorFactory> loaded,
      Map<ConnectorFactory, FactorySource> sources,
      List<LoadProblem> problems) {
    this.problems = List.copyOf(problems);
    this.sources = new IdentityHashMap<>(sources);
    List<ConnectorFactory> sorted = new ArrayList<>(loaded);
    sorted.sort(
        Comparator.comparing(ConnectorFactory::id).thenComparing(f -> f.getClass().getName()));
    this.factories = List.copyOf(sorted);

    Map<String, List<ConnectorFactory>> claims = new LinkedHashMap<>();
    for (ConnectorFactory factory : sorted) {
      claims.computeIfAbsent(factory.id(), k -> new ArrayList<>()).add(factory);
    }
    for (ConnectorFactory factory : sorted) {
      for (String alias : factory.metadata().aliases()) {
        List<ConnectorFactory> claimants = claims.computeIfAbsent(alias, k -> new ArrayList<>());
        if (!claimants.contains(factory)) {
          claimants.add(factory);
        }
      }
    }
    Map<String, ConnectorFactory> names = new TreeMap<>();
    Map<String, Conflict> clashes = new TreeMap<>();
    claims.forEach(
        (name, claimants) -> {
          if (claimants.size() == 1) {
            names.put(name, claimants.get(0));
          } else {
            Conflict conflict =
                new Conflict(name, claimants.stream().map(f -> f.getClass().getName()).toList());
            clashes.put(name, conflict);
            LOG.warn("{}", conflict.message());
          }
        });
    this.byName = Map.copyOf(names);
    this.conflicts = Map.copyOf(clashes);

    Map<ConnectorFactory, List<String>> aliasesOf = new IdentityHashMap<>();
    for (ConnectorFactory factory : sorted) {
      Set<String> all = new LinkedHashSet<>(factory.metadata().aliases());
      names.forEach(
          (name, f) -> {
            if (f == factory && !name.equals(factory.id())) {
              all.add(name);
            }
          });
      aliasesOf.put(factory, List.copyOf(all));
    }
    this.aliases = aliasesOf;
  }

  /** The factories visible to the class loader of this class (the application's class path). */
  public static ConnectorRegistry load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return load(loader != null ? loader : ConnectorRegistry.class.getClassLoader());
  }

  /** The factories listed in {@code META-INF/services} files visible to {@code loader}. */
  public static ConnectorRegistry load(ClassLoader loader) {
    return load(loader, null);
  }

  /**
   * The factories visible to {@code loader} (built in), then those of each plugin under {@code
   * pluginsDir} in name order, each plugin in its own class loader ({@link Plugins}). A plugin that
   * cannot be opened, a factory that cannot be loaded, and a plugin's factory claiming an id or
   * alias that an earlier factory has are {@link #problems()} naming the plugin's path; they are
   * skipped and the rest loads.
   *
   * @param pluginsDir the plugins directory, or {@code null} for none
   */
  public static ConnectorRegistry load(ClassLoader loader, Path pluginsDir) {
    List<ConnectorFactory> loaded = new ArrayList<>();
    Map<ConnectorFactory, FactorySource> sources = new IdentityHashMap<>();
    List<LoadProblem> problems = new ArrayList<>();
    for (ConnectorFactory factory : discover(loader, null, problems)) {
      loaded.add(factory);
      sources.put(factory, FactorySource.builtIn(factory.getClass()));
    }
    if (pluginsDir != null) {
      for (Plugins.Plugin plugin : Plugins.scan(pluginsDir, loader)) {
        if (plugin.problem() != null) {
          LOG.warn("{}", plugin.problem());
          problems.add(plugin.problem());
          continue;
        }
        int before = problems.size();
        List<ConnectorFactory> found = discover(plugin.loader(), plugin.path(), problems);
        if (found.isEmpty() && problems.size() == before) {
          problems.add(
              problem(
                  plugin.path(),
                  LoadProblem.NO_CLASS,
                  "it lists no connector factory in META-INF/services/"
                      + ConnectorFactory.class.getName(),
                  null));
        }
        for (ConnectorFactory factory : found) {
          String taken = takenName(factory, loaded);
          if (taken != null) {
            problems.add(problem(plugin.path(), factory.getClass().getName(), taken, null));
          } else {
            loaded.add(factory);
            sources.put(factory, FactorySource.plugin(plugin.path(), factory.getClass()));
          }
        }
      }
    }
    return new ConnectorRegistry(loaded, sources, problems);
  }

  /** The providers of {@code loader}'s service files that load and describe themselves. */
  private static List<ConnectorFactory> discover(
      ClassLoader loader, Path plugin, List<LoadProblem> problems) {
    List<ConnectorFactory> loaded = new ArrayList<>();
    Iterator<ServiceLoader.Provider<ConnectorFactory>> it =
        ServiceLoader.load(ConnectorFactory.class, loader).stream().iterator();
    int errors = 0;
    while (errors < MAX_ERRORS) {
      ServiceLoader.Provider<ConnectorFactory> provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        // The service file names a class that is missing or not a ConnectorFactory: the
        // iterator moves past it, so the next providers still load.
        errors++;
        problems.add(problem(plugin, classNameIn(e.getMessage()), reasonOf(e), e));
        continue;
      }
      String className;
      try {
        className = provider.type().getName();
      } catch (ServiceConfigurationError | LinkageError e) {
        problems.add(problem(plugin, "(unknown)", reasonOf(e), e));
        continue;
      }
      try {
        ConnectorFactory factory = provider.get();
        ConnectorMetadata metadata =
            Objects.requireNonNull(factory.metadata(), "metadata() returned null");
        Objects.requireNonNull(factory.configSpec(), "configSpec() returned null");
        Objects.requireNonNull(metadata.id(), "metadata().id() is null");
        loaded.add(factory);
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        problems.add(problem(plugin, className, reasonOf(e), e));
      }
    }
    return loaded;
  }

  /**
   * Why a plugin's factory cannot join those already loaded (one of its names is the id or a
   * declared alias of one of them), or {@code null} when it can. A plugin never shadows a built-in
   * connector or an earlier plugin: it is the one skipped.
   */
  private static String takenName(ConnectorFactory factory, List<ConnectorFactory> loaded) {
    Set<String> names = new LinkedHashSet<>();
    names.add(normalize(factory.id()));
    factory.metadata().aliases().forEach(a -> names.add(normalize(a)));
    for (ConnectorFactory other : loaded) {
      Set<String> theirs = new LinkedHashSet<>();
      theirs.add(normalize(other.id()));
      other.metadata().aliases().forEach(a -> theirs.add(normalize(a)));
      for (String name : names) {
        if (theirs.contains(name)) {
          return "the name \""
              + name
              + "\" is already taken by "
              + other.getClass().getName()
              + "; this factory is skipped (rename its id or alias, or remove one of the two)";
        }
      }
    }
    return null;
  }

  /** A registry of the given factories, as if discovered: for tests and embedding. */
  public static ConnectorRegistry of(Collection<? extends ConnectorFactory> factories) {
    Map<ConnectorFactory, FactorySource> sources = new IdentityHashMap<>();
    factories.forEach(f -> sources.put(f, FactorySource.builtIn(f.getClass())));
    return new ConnectorRegistry(List.copyOf(factories), sources, List.of());
  }

  private static LoadProblem problem(
      Path plugin, String className, String reason, Throwable cause) {
    String where = plugin == null ? "" : " (plugin " + plugin + ")";
    LOG.warn("connector factory {}{} could not be loaded: {}", className, where, reason);
    LOG.debug("connector factory {}{} could not be loaded", className, where, cause);
    return new LoadProblem(className, reason, cause, plugin);
  }

  private static String classNameIn(String message) {
    if (message != null) {
      Matcher m = PROVIDER_NAME.matcher(message);
      if (m.find()) {
        return m.group(1);
      }
    }
    return "(unknown)";
  }

  private static String reasonOf(Throwable e) {
    Throwable root = e;
    // ServiceLoader wraps a constructor's exception; the wrapped one says what really happened.
    if (e instanceof ServiceConfigurationError && e.getCause() != null) {
      root = e.getCause();
      if (root instanceof java.lang.reflect.InvocationTargetException && root.getCause() != null) {
        root = root.getCause();
      }
      return "could not be instantiated: " + describe(root);
    }
    if (e instanceof ServiceConfigurationError) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.startsWith(SERVICE_PREFIX)) {
        message = message.substring(SERVICE_PREFIX.length());
      }
      if (message.matches("Provider \\S+ not found")) {
        return "the class listed in META-INF/services/"
            + ConnectorFactory.class.getName()
            + " was not found";
      }
      return message;
    }
    if (e instanceof LinkageError) {
      return "a class it needs is missing or incompatible: " + describe(e);
    }
    return "failed while describing itself: " + describe(e);
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** Every factory that loaded, by id (including ones whose names are in {@link #conflicts()}). */
  public List<ConnectorFactory> factories() {
    return factories;
  }

  /** Where {@code factory} came from (built in, or which plugin) and its version. */
  public FactorySource source(ConnectorFactory factory) {
    FactorySource source = sources.get(factory);
    return source != null ? source : FactorySource.builtIn(factory.getClass());
  }

  /** Providers that could not be used, in discovery order (class path first, then plugins). */
  public List<LoadProblem> problems() {
    return problems;
  }

  /** Names claimed by more than one factory, by name. */
  public List<Conflict> conflicts() {
    return List.copyOf(conflicts.values());
  }

  /**
   * The names besides its id under which {@code factory} can be found (those its metadata
   * declares).
   */
  public List<String> aliases(ConnectorFactory factory) {
    return aliases.getOrDefault(factory, List.of());
  }

  /**
   * The factory with this id or alias (case ignored), or empty when none has it.
   *
   * @throws RegistryException when two factories claim the name
   */
  public Optional<ConnectorFactory> find(String name) {
    String key = normalize(name);
    Conflict conflict = conflicts.get(key);
    if (conflict != null) {
      throw new RegistryException(conflict.message());
    }
    return Optional.ofNullable(byName.get(key));
  }

  /**
   * The factory with this id or alias (case ignored).
   *
   * @throws RegistryException naming the available ids and aliases when none has it, or both
   *     classes when two claim it
   */
  public ConnectorFactory get(String name) {
    return find(name).orElseThrow(() -> new RegistryException(unknown(name)));
  }

  /** The message for a name no factory has: {@code unknown connector factory "x"; available: …}. */
  public String unknown(String name) {
    String shown = name == null ? "(none)" : '"' + name.replaceAll("\\p{Cntrl}", "?") + '"';
    if (byName.isEmpty()) {
      return "unknown connector factory "
          + shown
          + ": no connector factories were found on the class path";
    }
    return "unknown connector factory " + shown + "; available: " + available();
  }

  /** {@code aws-ses-mail (ses), simple-mail-transfer-protocol (smtp), …} for messages. */
  public String available() {
    return factories.stream()
        .filter(f -> byName.get(f.id()) == f)
        .map(
            f ->
                aliases(f).isEmpty() ? f.id() : f.id() + " (" + String.join(", ", aliases(f)) + ")")
        .collect(Collectors.joining(", "));
  }

  private static String normalize(String name) {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "ConnectorRegistry" + factories.stream().map(ConnectorFactory::id).toList();
  }
}
