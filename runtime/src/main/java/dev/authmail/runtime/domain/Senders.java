package dev.authmail.runtime.domain;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.dkim.DkimConfig;
import dev.authmail.connector.dkim.DkimKey;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import dev.authmail.runtime.stored.StoredConnectors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@link Sender} of a domain as the configuration file says it: the connectors that send as
 * that domain (their From address aligns with it; the {@code platform.transport} connector sends as
 * {@code platform.fromAddress} too), with their DKIM keys and the servers SPF must authorize.
 */
public final class Senders {
  /** SPF includes that providers document for their sending servers. */
  private static final Map<String, String> PROVIDER_INCLUDES =
      Map.of(
          "aws-ses-mail", "amazonses.com",
          "sendgrid-email-service", "sendgrid.net",
          "mailgun", "mailgun.org",
          "postmark", "spf.mtasv.net");

  private static final List<String> FROM_KEYS =
      List.of("fromEmail", "emailAddress", "fromAddress", "sendFrom");

  private Senders() {}

  /**
   * @param connector only this connector, or {@code null} for every connector sending as the domain
   * @param selectors extra selectors to look at (their key is not configured here)
   * @throws IllegalArgumentException when {@code connector} is not in the configuration
   */
  public static Sender of(
      AuthmailConfig config, String domain, String connector, List<String> selectors) {
    return of(config, domain, connector, selectors, name -> true);
  }

  /**
   * As {@link #of(AuthmailConfig, String, String, List)}, among the connectors {@code visible}
   * accepts (a tenant's own); a {@code connector} it does not accept is reported as not defined.
   */
  public static Sender of(
      AuthmailConfig config,
      String domain,
      String connector,
      List<String> selectors,
      Predicate<String> visible) {
    return of(config, domain, connector, selectors, visible, List.of());
  }

  /**
   * As above, for a tenant that may have connectors stored through the API. When {@code stored}
   * holds one, those are the tenant's chain (they replace the file's chain for sending, see {@link
   * StoredConnectors}), so they, and not the file's connectors, decide what SPF must authorize; the
   * platform transport counts when the stored chain has the built-in service. Their DKIM private
   * keys are sealed and not read here: their selectors are checked for a published key.
   *
   * @param stored the tenant's enabled stored connectors, in chain order
   */
  public static Sender of(
      AuthmailConfig config,
      String domain,
      String connector,
      List<String> selectors,
      Predicate<String> visible,
      List<StoredConnectors.Plain> stored) {
    List<Candidate> candidates = candidates(config, visible, stored);
    List<Candidate> chosen = new ArrayList<>();
    if (connector != null) {
      chosen.add(
          candidates.stream()
              .filter(c -> c.name().equals(connector))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no connector named "
                              + connector
                              + " in "
                              + config.source()
                              + " (defined: "
                              + String.join(", ", candidates.stream().map(Candidate::name).toList())
                              + ")")));
    } else {
      for (Candidate candidate : candidates) {
        boolean aligned =
            fromDomain(candidate.config()).filter(f -> DkimKey.aligned(domain, f)).isPresent()
                || (candidate.platform()
                    && DkimKey.aligned(domain, config.platform().fromAddress().asciiDomain()));
        if (aligned) {
          chosen.add(candidate);
        }
      }
    }
    List<DkimKey> keys = new ArrayList<>();
    Set<String> allSelectors = new LinkedHashSet<>(selectors == null ? List.of() : selectors);
    List<Sender.Transport> transports = new ArrayList<>();
    for (Candidate candidate : chosen) {
      keys.addAll(candidate.keys());
      allSelectors.addAll(candidate.sealedSelectors());
      String factory = candidate.factoryId().toLowerCase(Locale.ROOT);
      String include =
          PROVIDER_INCLUDES.entrySet().stream()
              .filter(e -> factory.contains(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
      String relay =
          factory.equals("simple-mail-transfer-protocol")
              ? text(candidate.config(), "host").orElse(null)
              : null;
      if (include != null || relay != null) {
        transports.add(
            new Sender.Transport(candidate.name(), candidate.factoryId(), include, relay));
      }
    }
    return new Sender(keys, List.copyOf(allSelectors), transports);
  }

  /**
   * A connector that may send as the domain: a file connector with its loaded DKIM keys, or a
   * stored one with the selectors of its (sealed) keys.
   */
  private record Candidate(
      String name,
      String factoryId,
      Map<String, Object> config,
      boolean platform,
      List<DkimKey> keys,
      List<String> sealedSelectors) {}

  private static List<Candidate> candidates(
      AuthmailConfig config, Predicate<String> visible, List<StoredConnectors.Plain> stored) {
    List<Candidate> out = new ArrayList<>();
    Optional<String> transport = config.platform().transportName();
    if (!stored.isEmpty()) {
      for (StoredConnectors.Plain p : stored) {
        out.add(
            new Candidate(
                p.id(), p.factoryId(), p.config(), false, List.of(), storedSelectors(p.config())));
      }
      boolean builtIn =
          stored.stream().anyMatch(p -> p.factoryId().equals(AuthmailConfig.BUILT_IN_SERVICE));
      transport
          .filter(t -> builtIn)
          .flatMap(config::connector)
          .ifPresent(d -> out.add(fileCandidate(d, true)));
      return out;
    }
    for (ConnectorDefinition definition : config.connectors().values()) {
      if (visible.test(definition.name())) {
        out.add(fileCandidate(definition, transport.filter(definition.name()::equals).isPresent()));
      }
    }
    return out;
  }

  private static Candidate fileCandidate(ConnectorDefinition definition, boolean platform) {
    List<DkimKey> keys =
        definition.config().has("dkim")
            // problems were reported by config check; a key that does not load is left out here
            ? DkimConfig.keys(definition.config().objects("dkim"), null, new ConfigProblems())
            : List.of();
    return new Candidate(
        definition.name(),
        definition.factoryId(),
        definition.config().asMap(),
        platform,
        keys,
        List.of());
  }

  /** The selectors of a stored connector's {@code dkim} entries. */
  private static List<String> storedSelectors(Map<String, Object> config) {
    List<String> out = new ArrayList<>();
    if (config.get("dkim") instanceof List<?> entries) {
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> m && m.get("selector") instanceof String s) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static Optional<String> text(Map<String, Object> config, String key) {
    return config.get(key) instanceof String s && !s.isBlank()
        ? Optional.of(s.strip())
        : Optional.empty();
  }

  /** The From domain of a connector's sender key ({@code addr} or {@code Name <addr>}). */
  private static Optional<String> fromDomain(Map<String, Object> config) {
    for (String key : FROM_KEYS) {
      Optional<String> value = text(config, key);
      if (value.isPresent()) {
        try {
          return Optional.of(Mailbox.parse(value.get()).address().asciiDomain());
        } catch (IllegalArgumentException e) {
          // not an address here: config check has reported it
        }
      }
    }
    return Optional.empty();
  }
}
