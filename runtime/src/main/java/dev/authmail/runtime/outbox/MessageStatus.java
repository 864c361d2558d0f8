package dev.authmail.runtime.outbox;

/** Where a message is in its life. */
public enum MessageStatus {
  /** Stored, waiting for its first or next attempt. */
  QUEUED,
  /** Claimed by a worker under a lease; a send may be in progress. */
  SENDING,
  /** A provider accepted it. Final. */
  DELIVERED,
  /** A permanent error, or no connector could take it. Final. */
  FAILED,
  /** Its time to live passed before it could be delivered. Final. */
  EXPIRED,
  /**
   * A newer message for the same recipient and usage type replaced it before it was sent. Final.
   */
  CANCELLED;

  public boolean isFinal() {
    return this != QUEUED && this != SENDING;
  }
}
