package dev.authmail.runtime.outbox;

import java.time.Duration;
import java.util.Objects;

/** What {@link Outbox#accept} decided. */
public sealed interface AcceptResult {
  /**
   * The message is durably stored (committed) and will be sent.
   *
   * @param messageId the message's id
   * @param replayed {@code true} when an earlier request with the same idempotency key and the same
   *     content created it: nothing new will be sent
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
   * @param scope {@code "recipient"} (per recipient, or per recipient and usage type) or {@code
   *     "tenant"}
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

  /**
   * Refused by an {@link AcceptGate}; nothing was stored. Answered as HTTP 422.
   *
   * @param code the API's error code, e.g. {@code recipient.suppressed}
   * @param message for the caller: why, and what to do (no address, no secret)
   * @param reason a short machine-readable reason, e.g. {@code hard-bounce}
   */
  record Refused(String code, String message, String reason) implements AcceptResult {
    public Refused {
      Objects.requireNonNull(code, "code is null");
      Objects.requireNonNull(message, "message is null");
      Objects.requireNonNull(reason, "reason is null");
    }
  }
}
