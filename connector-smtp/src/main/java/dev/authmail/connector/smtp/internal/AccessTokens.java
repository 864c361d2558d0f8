package dev.authmail.connector.smtp.internal;

import dev.authmail.connector.api.ConnectorException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connector's current OAuth2 access token: kept until {@link #EARLY} before it expires, fetched
 * by one caller at a time (the others wait for that fetch and use its token, so a burst of sends
 * makes one request to the token endpoint), and dropped when the SMTP server refuses it.
 * Thread-safe.
 */
public final class AccessTokens {
  /** A token is renewed this long before its expiry, so it does not expire during a send. */
  public static final Duration EARLY = Duration.ofSeconds(60);

  /** The lifetime assumed when the token endpoint gives no {@code expires_in}. */
  public static final Duration ASSUMED_LIFETIME = Duration.ofMinutes(30);

  /** An access token and when it expires ({@code null}: unknown). */
  public record Token(String value, Instant expiresAt) {
    public Token {
      Objects.requireNonNull(value, "value is null");
    }

    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]";
    }
  }

  /** Obtains a new token from the token endpoint. */
  @FunctionalInterface
  public interface Grant {
    /**
     * @throws ConnectorException AUTHENTICATION_FAILED, UNAVAILABLE or TIMEOUT
     */
    Token fetch();
  }

  private final Grant grant;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private Token current;
  private int fetches;

  /**
   * @param initial a token given in the configuration, or {@code null}
   */
  public AccessTokens(Grant grant, Clock clock, Token initial) {
    this.grant = Objects.requireNonNull(grant, "grant is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.current = initial;
  }

  /**
   * A token that is valid for at least {@link #EARLY}: the cached one, or one fetched now.
   *
   * @throws ConnectorException what the grant threw
   */
  public String token() {
    lock.lock();
    try {
      if (current == null || expiresSoon(current)) {
        fetches++;
        current = grant.fetch();
      }
      return current.value();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets {@code refused} (the server answered 535 or a 334 XOAUTH2 error to it), so that the
   * next {@link #token()} fetches a new one; a token fetched meanwhile by another send is kept.
   */
  public void refused(String refused) {
    lock.lock();
    try {
      if (current != null && current.value().equals(refused)) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many times a token was fetched; for tests. */
  public int fetches() {
    lock.lock();
    try {
      return fetches;
    } finally {
      lock.unlock();
    }
  }

  private boolean expiresSoon(Token token) {
    return token.expiresAt() != null && !clock.instant().plus(EARLY).isBefore(token.expiresAt());
  }
}
