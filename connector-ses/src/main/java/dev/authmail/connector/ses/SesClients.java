package dev.authmail.connector.ses;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/**
 * Builds the SDK client of one connector instance. Everything the SDK would otherwise pick by
 * itself is set here: the HTTP client (url-connection, finite timeouts; never the SDK's class-path
 * discovery), no retries (SES has no idempotency
 * token, so a hidden retry could send an email twice; the runtime owns retries), the call timeouts,
 * the region and the credentials. Building does no network I/O.
 */
final class SesClients {
  private SesClients() {}

  /** The pieces a connector closes: the SDK client, its HTTP client, its credentials provider. */
  record Parts(SesV2Client client, SdkHttpClient http, AwsCredentialsProvider credentials) {}

  static Parts create(SesConfig config) {
    // The JDK's HttpURLConnection: the smallest SDK client, no extra jars. Set here explicitly;
    // the other SDK clients are excluded from the dependency tree.
    SdkHttpClient http = UrlConnectionHttpClient.builder()
        .connectionTimeout(config.connectTimeout())
        .socketTimeout(config.readTimeout())
        .build();
    AwsCredentialsProvider credentials = credentials(config);
    SesV2ClientBuilder builder = SesV2Client.builder()
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(o -> o
            .retryStrategy(AwsRetryStrategy.doNotRetry())
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

  private static AwsCredentialsProvider credentials(SesConfig config) {
    if (!config.hasStaticKeys()) {
      return new LazyDefaultCredentials();
    }
    return StaticCredentialsProvider.create(config.sessionToken() == null
        ? AwsBasicCredentials.create(config.accessKeyId(), config.accessKeySecret())
        : AwsSessionCredentials.create(config.accessKeyId(), config.accessKeySecret(), config.sessionToken()));
  }
}
