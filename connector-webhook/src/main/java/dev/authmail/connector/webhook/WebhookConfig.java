package dev.authmail.connector.webhook;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpTimeouts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The webhook connector's settings, checked.
 *
 * @param endpoint where to POST events, already checked against the operator's network policy
 * @param signer the {@code whsec_…} secrets, one signature each
 * @param timeouts the connect/read/write/call timeouts
 */
public record WebhookConfig(URI endpoint, WebhookSigner signer, HttpTimeouts timeouts) {
  public static final String ENDPOINT = "endpoint";
  public static final String SECRETS = "secrets";

  public WebhookConfig {
    Objects.requireNonNull(endpoint, "endpoint is null");
    Objects.requireNonNull(signer, "signer is null");
    Objects.requireNonNull(timeouts, "timeouts is null");
  }

  /**
   * Reads and checks a bound config; no network I/O.
   *
   * @throws ConnectorException INVALID_CONFIG listing every problem, each naming its key
   */
  public static WebhookConfig from(ConnectorConfig config, NetworkPolicy network) {
    ConfigProblems problems = new ConfigProblems();
    URI endpoint =
        problems.collect(
            () ->
                HttpCalls.endpoint(network, config.path(ENDPOINT), config.requireString(ENDPOINT)));
    List<Object> raw = config.list(SECRETS);
    List<String> secrets = new ArrayList<>();
    if (raw.isEmpty()) {
      problems.add(
          config.path(SECRETS),
          "needs at least one secret; " + WebhookSigner.PROBLEM.replace("must be", "each is"));
    }
    for (int i = 0; i < raw.size(); i++) {
      String secret = raw.get(i) == null ? null : String.valueOf(raw.get(i));
      if (WebhookSigner.decode(secret).isEmpty()) {
        problems.add(config.path(SECRETS) + "[" + i + "]", WebhookSigner.PROBLEM);
      } else {
        secrets.add(secret);
      }
    }
    problems.throwIfAny();
    return new WebhookConfig(endpoint, WebhookSigner.of(secrets), HttpTimeouts.from(config));
  }

  /** The endpoint without query or user info, safe to show: a query may carry a token. */
  public String shownEndpoint() {
    return HttpCalls.shown(endpoint);
  }

  @Override
  public String toString() {
    return "WebhookConfig[endpoint="
        + shownEndpoint()
        + ", "
        + signer
        + ", timeouts="
        + timeouts
        + "]";
  }
}
