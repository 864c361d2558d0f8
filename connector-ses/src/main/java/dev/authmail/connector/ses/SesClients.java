package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.okhttp.HttpTimeouts;
import dev.authmail.connector.okhttp.SharedOkHttp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/**
 * Builds the SDK client of one connector instance. Everything the SDK would otherwise pick by
 * itself is set here: the HTTP client ({@link OkHttpSdkClient} over connector-okhttp's shared,
 * policy-guarded client with finite timeouts; never the SDK's class-path discovery), no retries
 * (SES has no idempotency token, so a hidden retry could send an email twice; the runtime owns
 * retries), the call timeouts, the region and the credentials. Building does no network I/O.
 */
final class SesClients {
  private SesClients() {}

  /** The pieces a connector closes: the SDK client, its HTTP client, its credentials provider. */
  record Parts(SesV2Client client, SdkHttpClient http, AwsCredentialsProvider credentials) {}

  /**
   * @param context its network policy applies to an endpoint override: checked on every address its
   *     host resolves to and on the address each connection is made to
   */
  static Parts create(SesConfig config, ConnectorContext context) {
    // The shared OkHttp client: its DNS and connection guard apply the operator's NetworkPolicy to
    // the very addresses the socket connects to. Set here explicitly; the SDK's own HTTP clients
    // are excluded from the dependency tree. Writes get the read timeout (SES has no write key).
    SdkHttpClient http =
        new OkHttpSdkClient(
            SharedOkHttp.forConnector(
                guarded(config, context),
                new HttpTimeouts(
                    config.connectTimeout(),
                    config.readTimeout(),
                    config.readTimeout(),
                    config.callTimeout())));
    AwsCredentialsProvider credentials = credentials(config);
    SesV2ClientBuilder builder =
        SesV2Client.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(config.callTimeout())
                        .apiCallAttemptTimeout(config.callTimeout()));
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    try {
      return new Parts(builder.build(), http, credentials);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /**
   * The context whose network policy the HTTP client applies: the operator's for an endpoint
   * override (configuration, so possibly a tenant's); for the regional endpoint, which is Amazon's
   * and not configuration, one that allows private addresses, as before, because in a VPC with an
   * interface endpoint and private DNS the regional name resolves to private addresses. Either way
   * the https-only rule for public addresses holds.
   */
  private static ConnectorContext guarded(SesConfig config, ConnectorContext context) {
    if (config.endpoint() != null) {
      return context;
    }
    return new ConnectorContext() {
      @Override
      public NetworkPolicy network() {
        return NetworkPolicy.allowingPrivateAddresses();
      }
    };
  }

  private static AwsCredentialsProvider credentials(SesConfig config) {
    if (!config.hasStaticKeys()) {
      return new LazyDefaultCredentials();
    }
    return StaticCredentialsProvider.create(
        config.sessionToken() == null
            ? AwsBasicCredentials.create(config.accessKeyId(), config.accessKeySecret())
            : AwsSessionCredentials.create(
                config.accessKeyId(), config.accessKeySecret(), config.sessionToken()));
  }
}
