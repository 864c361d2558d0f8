package dev.authmail.runtime.outbox;

import java.time.Duration;
import java.util.Objects;

/** What {@link Outbox#accept} decided. */
public sealed interface AcceptResult {
  /**
   * The message is durably stored (committed) and will be sent.
   *
   * @param messageId the message's id
   * @param replayed {@code true} when an earlier request with the same idempotency key and the
   *     same content created it: nothing new will be sent
   */
  record Accepted(String messageId, boolean replayed) implements AcceptResult {
    public Accepted {
      Objects.requireNonNull(messageId, "messageId is null");
    }
  }

  /**
   * Over a rate limit; nothing was stored. The answer is the same whether or not the address
   * belongs to an account.
   *
   * @param retryAfter when a retry can be accepted (at least one second)
   * @param scope {@code "recipient"} (per recipient, or per recipient and usage type) or {@code "tenant"}
   */
  record RateLimited(Duration retryAfter, String scope) implements AcceptResult {
    public static final String RECIPIENT = "recipient";
    public static final String TENANT = "tenant";

    public RateLimited {
      Objects.requireNonNull(retryAfter, "retryAfter is null");
      Objects.requireNonNull(scope, "scope is null");
    }
  }

  /** The idempotency key was used before with a different request; nothing was stored. */
  record IdempotencyConflict(String existingMessageId) implements AcceptResult {}
}
