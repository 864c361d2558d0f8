package dev.authmail.runtime.stored;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.runtime.config.Secrets;
import dev.authmail.runtime.context.RedactingConnector;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.registry.RegistryException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a connector configuration the way saving and test sends both need it: the factory's spec
 * (unknown, missing and mistyped keys, all at once) and then {@code create()} with the tenant's
 * context (the connector's semantic checks). Problems are reported under {@code config.<key path>},
 * the field of the request body they concern, and never quote a secret value. Thread-safe.
 */
public final class ConnectorBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorBuilder.class);
  static final String CONFIG = "config";

  private final ConnectorRegistry registry;
  private final Function<String, ConnectorContext> contexts;

  public ConnectorBuilder(ConnectorRegistry registry, Function<String, ConnectorContext> contexts) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
    this.contexts = Objects.requireNonNull(contexts, "contexts is null");
  }

  ConnectorRegistry registry() {
    return registry;
  }

  ConnectorContext context(String tenant) {
    return contexts.apply(tenant);
  }

  /**
   * The factory with this id or alias.
   *
   * @throws ConnectorException INVALID_CONFIG at {@code factoryId} naming the available ids
   */
  public ConnectorFactory factory(String name) {
    try {
      return registry.get(name);
    } catch (RegistryException e) {
      throw ConnectorException.invalidConfig("factoryId", e.getMessage());
    }
  }

  /**
   * A connector made from {@code raw} for {@code tenant}; the caller closes it.
   *
   * @throws ConnectorException INVALID_CONFIG listing every problem under {@code config.}
   */
  public EmailConnector build(String tenant, ConnectorFactory factory, Map<String, ?> raw) {
    List<ConfigProblem> problems = factory.configSpec().check(raw);
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    ConnectorConfig config = factory.configSpec().bind(raw);
    Secrets secrets = Secrets.in(factory.configSpec(), raw);
    try {
      return RedactingConnector.wrap(
          Objects.requireNonNull(
              factory.create(config, contexts.apply(tenant)), "create() returned null"),
          secrets);
    } catch (ConnectorException e) {
      if (e.code() == ErrorCode.INVALID_CONFIG) {
        List<ConfigProblem> found =
            e.problems().isEmpty()
                ? List.of(new ConfigProblem("", String.valueOf(e.getMessage())))
                : e.problems();
        throw invalid(
            found.stream()
                .map(p -> new ConfigProblem(p.path(), secrets.redact(p.message())))
                .toList());
      }
      throw invalid(
          List.of(
              new ConfigProblem(
                  "", secrets.redact("cannot be used: " + e.code() + ": " + e.getMessage()))));
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("factory {} failed in create()", factory.id(), e);
      throw invalid(
          List.of(
              new ConfigProblem(
                  "",
                  "cannot be used: "
                      + factory.getClass().getName()
                      + " failed with "
                      + e.getClass().getSimpleName())));
    }
  }

  private static ConnectorException invalid(List<ConfigProblem> problems) {
    return ConnectorException.invalidConfig(problems.stream().map(p -> p.under(CONFIG)).toList());
  }
}
