package dev.authmail.runtime.domain;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.dkim.DkimConfig;
import dev.authmail.connector.dkim.DkimKey;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
      java.util.function.Predicate<String> visible) {
    List<ConnectorDefinition> chosen = new ArrayList<>();
    if (connector != null && !visible.test(connector)) {
      throw new IllegalArgumentException("no connector named " + connector);
    }
    if (connector != null) {
      chosen.add(
          config
              .connector(connector)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no connector named "
                              + connector
                              + " in "
                              + config.source()
                              + " (defined: "
                              + String.join(", ", config.connectors().keySet())
                              + ")")));
    } else {
      for (ConnectorDefinition definition : config.connectors().values()) {
        if (!visible.test(definition.name())) {
          continue;
        }
        boolean platform =
            config.platform().transportName().filter(definition.name()::equals).isPresent();
        boolean aligned =
            fromDomain(definition).filter(f -> DkimKey.aligned(domain, f)).isPresent()
                || (platform
                    && DkimKey.aligned(domain, config.platform().fromAddress().asciiDomain()));
        if (aligned) {
          chosen.add(definition);
        }
      }
    }
    List<DkimKey> keys = new ArrayList<>();
    List<Sender.Transport> transports = new ArrayList<>();
    for (ConnectorDefinition definition : chosen) {
      String factory = definition.factoryId().toLowerCase(Locale.ROOT);
      if (definition.config().has("dkim")) {
        // problems were reported by config check; a key that does not load is left out here
        keys.addAll(
            DkimConfig.keys(definition.config().objects("dkim"), null, new ConfigProblems()));
      }
      String include =
          PROVIDER_INCLUDES.entrySet().stream()
              .filter(e -> factory.contains(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
      String relay =
          factory.equals("simple-mail-transfer-protocol")
              ? definition.config().string("host").orElse(null)
              : null;
      if (include != null || relay != null) {
        transports.add(
            new Sender.Transport(definition.name(), definition.factoryId(), include, relay));
      }
    }
    return new Sender(keys, selectors == null ? List.of() : selectors, transports);
  }

  private static Optional<String> fromDomain(ConnectorDefinition definition) {
    for (String key : FROM_KEYS) {
      Optional<String> value = definition.config().string(key).filter(EmailAddress::isValid);
      if (value.isPresent()) {
        return value.map(v -> EmailAddress.parse(v).asciiDomain());
      }
    }
    return Optional.empty();
  }
}
