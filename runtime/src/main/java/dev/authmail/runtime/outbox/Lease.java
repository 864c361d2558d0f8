package dev.authmail.runtime.outbox;

import java.time.Instant;

/**
 * A claimed message and its lease as this node knows it: when it ends (claim, then each renewal,
 * extends it) and whether it was lost. Once a lease has run out locally it stays lost even if a
 * later renewal would succeed: another node may have taken the message over in the gap.
 *
 * <p>Thread-safe: the ledger extends, senders read.
 */
final class Lease {
  private final Claimed message;
  private volatile Instant until;
  private volatile boolean lost;
  private volatile boolean startRecorded;

  Lease(Claimed message) {
    this.message = message;
    this.until = message.leaseUntil();
  }

  Claimed message() {
    return message;
  }

  String id() {
    return message.id();
  }

  /** Whether the lease still holds at {@code now}; a lapsed lease is lost for good. */
  boolean holdsAt(Instant now) {
    if (lost) {
      return false;
    }
    if (!now.isBefore(until)) {
      lost = true;
      return false;
    }
    return true;
  }

  /**
   * A renewal that started at {@code renewedAt} committed {@code newUntil}: extends the lease
   * unless it had already lapsed by then.
   */
  void extend(Instant renewedAt, Instant newUntil) {
    if (holdsAt(renewedAt) && newUntil.isAfter(until)) {
      until = newUntil;
    }
  }

  /** Its send start was recorded together with its claim. */
  void markStarted() {
    startRecorded = true;
  }

  boolean startRecorded() {
    return startRecorded;
  }

  void lose() {
    lost = true;
  }

  Instant until() {
    return until;
  }
}
