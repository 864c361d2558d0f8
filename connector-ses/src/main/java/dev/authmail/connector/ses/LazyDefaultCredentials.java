package dev.authmail.connector.ses;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The default AWS credential chain (environment, system properties, web identity, profile,
 * container, instance role), made on the first send rather than in {@code create()}: creating a
 * connector must do no I/O, and the chain may call the instance metadata service. A failure to find
 * credentials comes out as {@link Unavailable}, which {@link SesErrors} maps to
 * AUTHENTICATION_FAILED.
 *
 * <p>Thread-safe.
 */
final class LazyDefaultCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
  private DefaultCredentialsProvider chain;
  private boolean closed;

  /** No credentials anywhere in the default chain. */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(Throwable cause) {
      super("no AWS credentials in the default chain", cause);
    }
  }

  @Override
  public AwsCredentials resolveCredentials() {
    DefaultCredentialsProvider provider;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the connector is closed");
      }
      if (chain == null) {
        chain = DefaultCredentialsProvider.builder().build();
      }
      provider = chain;
    }
    try {
      return provider.resolveCredentials();
    } catch (SdkClientException e) {
      throw new Unavailable(e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (chain != null) {
      chain.close();
      chain = null;
    }
  }

  @Override
  public String toString() {
    return "LazyDefaultCredentials";
  }
}
