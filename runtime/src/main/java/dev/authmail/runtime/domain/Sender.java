package dev.authmail.runtime.domain;

import dev.authmail.connector.dkim.DkimKey;
import java.util.List;
import java.util.Objects;

/**
 * What the doctor knows about how mail for a domain is sent: the DKIM keys that sign it, selectors
 * to look at without a key, and the transports whose servers SPF must authorize.
 */
public record Sender(List<DkimKey> keys, List<String> selectors, List<Transport> transports) {
  public Sender {
    keys = List.copyOf(keys);
    selectors = List.copyOf(selectors);
    transports = List.copyOf(transports);
  }

  public static Sender none() {
    return new Sender(List.of(), List.of(), List.of());
  }

  /**
   * A way out for the domain's mail.
   *
   * @param connector the connector's name in the configuration
   * @param spfInclude the domain a provider asks SPF to include ({@code amazonses.com}), or {@code
   *     null}
   * @param relayHost the SMTP relay's host (a name or an address), or {@code null}
   */
  public record Transport(String connector, String provider, String spfInclude, String relayHost) {
    public Transport {
      Objects.requireNonNull(connector, "connector is null");
      Objects.requireNonNull(provider, "provider is null");
    }
  }
}
