package dev.authmail.runtime.outbox;

import java.time.Duration;

/**
 * The decisions of the ledger's rounds, apart from the transaction that writes them: how long to
 * wait for the queue, whether to renew the leases, whether and how much to claim, how many fresh
 * accepts to hand off to the senders, and what the result of a round means for the next one. A
 * function of the node's queue and senders (passed in as a {@link Node}) and the clock (nanoTime
 * values passed in): no threads, no database, so it is tested without either.
 *
 * <p>The rules (docs/outbox.md, "Claiming and leases"):
 *
 * <ul>
 *   <li><b>Renew</b> every lease / 3; after a failed renewal again after at most the poll interval.
 *   <li><b>Claim</b> only while claiming and with room for half the capacity (or senders out of
 *       work); at once when work is known to wait (a wake, accepts left QUEUED, the last claim came
 *       back full), else every poll interval; at most {@code claimBatch} and the room.
 *   <li><b>Hand off</b> fresh accepts to the senders while there is room and no backlog (the last
 *       claim was not full), so they need no claim round; the claim takes what room is left.
 *   <li><b>Wait</b> for the queue until the next renewal or poll, at most 50 ms; not at all while
 *       accepts overflowed the last round or a claim is due.
 * </ul>
 *
 * <p>{@link #wake()} and {@link #workWaits()} may be called from any thread; the rest only from the
 * ledger's.
 */
final class RoundDecisions {
  private static final long MAX_WAIT_NANOS = 50_000_000L;

  /** The node at a moment, as the decisions need it. */
  record Node(boolean claiming, int capacity, int room, boolean hungry) {}

  /**
   * What the next round is to do besides writing what is queued: renew the leases, claim up to
   * {@code claim}.
   */
  record Plan(boolean renew, int claim) {}

  /**
   * What a round's transaction did.
   *
   * @param failed the transaction failed (nothing was written)
   * @param renewed the leases were renewed (or there were none)
   * @param claimWanted how many the claim was to take after the hand-off (0: the hand-off took the
   *     room)
   * @param claimed how many it took
   */
  record Result(boolean failed, boolean renewed, int claimWanted, int claimed) {
    static final Result FAILED = new Result(true, false, 0, 0);
  }

  private final long renewEveryNanos;
  private final long pollNanos;
  private final int claimBatch;
  private long nextRenewal;
  private long nextPoll;

  /** The last claim came back full: there is a backlog, so accepts are not handed off. */
  private boolean lastClaimFull;

  /**
   * Accepts were left QUEUED (or room freed with work waiting) since the last claim: look at once.
   */
  private volatile boolean claimDue = true;

  /**
   * Due work is known to wait (accepts left QUEUED, the last claim came back full, or the node just
   * started): freed room is worth a claim at once. Otherwise it waits for the next poll: after
   * every outcome a claim that finds nothing would be a round (and a commit) for nothing.
   */
  private volatile boolean workWaiting = true;

  RoundDecisions(long nowNanos, Duration lease, Duration pollInterval, int claimBatch) {
    this.renewEveryNanos = Math.max(1_000_000L, lease.toNanos() / 3);
    this.pollNanos = pollInterval.toNanos();
    this.claimBatch = claimBatch;
    this.nextRenewal = nowNanos + renewEveryNanos;
    this.nextPoll = nowNanos;
  }

  /** New work may be due: claim at once. */
  void wake() {
    claimDue = true;
  }

  /**
   * Accepts were left QUEUED (or could not be written with the round): claim them when there is
   * room.
   */
  void workWaits() {
    claimDue = true;
    workWaiting = true;
  }

  /** Whether freed room is worth a claim at once. */
  boolean workWaiting() {
    return workWaiting;
  }

  /** Whether a claim is worth a round: room for half the capacity, or senders out of work. */
  static boolean mayClaim(Node node) {
    int room = node.room();
    return node.claiming()
        && room > 0
        && (room >= Math.max(1, node.capacity() / 2) || node.hungry());
  }

  /** How long to wait for the queue before the next round (0: go on at once). */
  long waitNanos(long now, Node node, boolean overflow) {
    long wait = overflow ? 0 : Math.min(nextRenewal - now, MAX_WAIT_NANOS);
    if (mayClaim(node)) {
      wait = claimDue || lastClaimFull ? 0 : Math.min(wait, nextPoll - now);
    }
    return Math.max(0, wait);
  }

  /**
   * After the wait: what the round is to do. A claim planned here is the answer to every wake so
   * far.
   */
  Plan plan(long now, Node node) {
    boolean renew = now - nextRenewal >= 0;
    int claim = 0;
    if ((claimDue || lastClaimFull || now - nextPoll >= 0) && mayClaim(node)) {
      claim = Math.min(node.room(), claimBatch);
      claimDue = false;
    }
    return new Plan(renew, claim);
  }

  /** Whether a round of outcomes only should wait a little for company to share its commit. */
  static boolean linger(Plan plan, boolean overflow) {
    return plan.claim() == 0 && !plan.renew() && !overflow;
  }

  /**
   * How many of {@code fresh} accepted messages go straight to the senders, with {@code room} left.
   */
  int handOff(int fresh, int room) {
    return room > 0 && !lastClaimFull ? Math.min(room, fresh) : 0;
  }

  /**
   * How many the round's claim takes after {@code handedOff} messages took their part of {@code
   * room}.
   */
  static int claimAfterHandOff(int planned, int room, int handedOff) {
    return Math.min(planned, room - handedOff);
  }

  /** How many of the round's leased messages go to idle senders with their start recorded. */
  static int direct(int leased, int idleSenders) {
    return Math.min(leased, idleSenders);
  }

  /**
   * After the round's transaction (at {@code now}): when to renew and poll next, whether work
   * waits.
   */
  void written(long now, Plan plan, Result result) {
    if (plan.renew()) {
      // after a failed renewal try again soon: the leases are running out
      nextRenewal =
          now + (result.renewed() ? renewEveryNanos : Math.min(renewEveryNanos, pollNanos));
    }
    if (plan.claim() == 0) {
      return;
    }
    if (result.failed()) {
      lastClaimFull = false; // the database failed: look again after the poll interval
      nextPoll = now + pollNanos;
    } else if (result.claimWanted() == 0) {
      workWaits(); // accepts handed off took the room: look again when there is some
    } else {
      lastClaimFull = result.claimed() == result.claimWanted();
      workWaiting = lastClaimFull;
      if (!lastClaimFull) {
        nextPoll = now + pollNanos;
      }
    }
  }
}
