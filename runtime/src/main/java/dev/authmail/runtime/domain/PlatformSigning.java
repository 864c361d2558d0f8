package dev.authmail.runtime.domain;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.dkim.DkimKey;
import dev.authmail.runtime.config.AuthmailConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in service sends as {@code platform.fromAddress} through {@code platform.transport}; a
 * transport that DKIM-signs must sign as that address's domain (or a parent), or DMARC ignores the
 * signature. The connector itself can only check its own {@code fromEmail}; this checks the
 * platform's.
 */
public final class PlatformSigning {
  private PlatformSigning() {}

  /**
   * A problem per {@code dkim} entry of the platform transport that is not aligned with the
   * platform sender.
   */
  public static List<ConfigProblem> check(AuthmailConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    String from = config.platform().fromAddress().asciiDomain();
    config
        .platform()
        .transportName()
        .flatMap(config::connector)
        .ifPresent(
            definition -> {
              List<ConnectorConfig> entries =
                  definition.config().has("dkim") ? definition.config().objects("dkim") : List.of();
              for (ConnectorConfig entry : entries) {
                entry
                    .string("domain")
                    .map(String::strip)
                    .filter(d -> !d.isEmpty() && !DkimKey.aligned(d, from))
                    .ifPresent(
                        d ->
                            problems.add(
                                new ConfigProblem(
                                    "platform.fromAddress",
                                    "is in "
                                        + from
                                        + " but "
                                        + "connectors."
                                        + definition.name()
                                        + ".config."
                                        + entry.path("domain")
                                        + " signs as "
                                        + d
                                        + ": the built-in service's mail would carry a signature"
                                        + " DMARC ignores; sign as "
                                        + from
                                        + " (or a parent of it) or move platform.fromAddress into "
                                        + d)));
              }
            });
    return problems;
  }
}
