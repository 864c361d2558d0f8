package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.outbox.RoundDecisions.Node;
import dev.authmail.runtime.outbox.RoundDecisions.Plan;
import dev.authmail.runtime.outbox.RoundDecisions.Result;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The ledger's round decisions as a function of the node and the clock: no threads, no database.
 */
class RoundDecisionsTest {
  private static final long MS = 1_000_000L;
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int CLAIM_BATCH = 16;

  /** 8 senders: capacity 32, all free, not short of work. */
  private static final Node FREE = new Node(true, 32, 32, false);

  private final RoundDecisions decisions = new RoundDecisions(0, LEASE, POLL, CLAIM_BATCH);

  @Test
  void aStartedNodeClaimsAtOnceUpToTheBatch() {
    assertThat(decisions.waitNanos(0, FREE, false)).isZero();
    assertThat(decisions.plan(0, FREE)).isEqualTo(new Plan(false, CLAIM_BATCH));
  }

  @Test
  void afterAShortClaimTheNextWaitsForThePollInterval() {
    Plan first = decisions.plan(0, FREE);
    decisions.written(0, first, new Result(false, true, 16, 3));

    assertThat(decisions.waitNanos(0, FREE, false)).isEqualTo(50 * MS); // never longer than 50 ms
    assertThat(decisions.waitNanos(60 * MS, FREE, false)).isEqualTo(40 * MS); // until the poll
    assertThat(decisions.plan(50 * MS, FREE).claim()).isZero();
    assertThat(decisions.plan(100 * MS, FREE).claim()).isEqualTo(CLAIM_BATCH);
    assertThat(decisions.workWaiting()).isFalse(); // freed room waits for the poll
  }

  @Test
  void aFullClaimMeansABacklogClaimedAgainAtOnceAndNoHandOff() {
    Plan first = decisions.plan(0, FREE);
    decisions.written(0, first, new Result(false, true, 16, 16));

    assertThat(decisions.waitNanos(1 * MS, FREE, false)).isZero();
    assertThat(decisions.plan(1 * MS, FREE).claim()).isEqualTo(CLAIM_BATCH);
    assertThat(decisions.handOff(5, 32)).isZero(); // fresh accepts queue behind the backlog
    assertThat(decisions.workWaiting()).isTrue();
  }

  @Test
  void withRoomAndNoBacklogFreshAcceptsAreHandedOffAndTheClaimTakesWhatIsLeft() {
    assertThat(decisions.handOff(5, 32)).isEqualTo(5);
    assertThat(decisions.handOff(40, 32)).isEqualTo(32);
    assertThat(decisions.handOff(5, 0)).isZero();
    assertThat(RoundDecisions.claimAfterHandOff(16, 20, 5)).isEqualTo(15);
    assertThat(RoundDecisions.claimAfterHandOff(16, 20, 20)).isZero();
    assertThat(RoundDecisions.direct(10, 3)).isEqualTo(3);
  }

  @Test
  void aHandOffThatTookTheRoomAsksForAClaimWhenRoomIsFreed() {
    Plan plan = decisions.plan(0, FREE);
    decisions.written(0, plan, new Result(false, true, 0, 0));

    assertThat(decisions.workWaiting()).isTrue();
    assertThat(decisions.plan(1 * MS, FREE).claim()).isEqualTo(CLAIM_BATCH);
  }

  @Test
  void aWakeMakesAClaimDueAtOnce() {
    decisions.written(0, decisions.plan(0, FREE), new Result(false, true, 16, 0));
    assertThat(decisions.plan(10 * MS, FREE).claim()).isZero();

    decisions.wake();

    assertThat(decisions.waitNanos(10 * MS, FREE, false)).isZero();
    assertThat(decisions.plan(10 * MS, FREE).claim()).isEqualTo(CLAIM_BATCH);
    assertThat(decisions.plan(11 * MS, FREE).claim()).isZero(); // that claim answered the wake
  }

  @Test
  void aFailedClaimLooksAgainAfterThePollInterval() {
    decisions.written(0, decisions.plan(0, FREE), Result.FAILED);

    assertThat(decisions.plan(50 * MS, FREE).claim()).isZero();
    assertThat(decisions.plan(100 * MS, FREE).claim()).isEqualTo(CLAIM_BATCH);
  }

  @Test
  void aNodeClaimsOnlyWithRoomForHalfItsCapacityOrSendersOutOfWork() {
    Node busy = new Node(true, 32, 10, false);
    Node hungry = new Node(true, 32, 10, true);

    assertThat(RoundDecisions.mayClaim(busy)).isFalse();
    assertThat(RoundDecisions.mayClaim(hungry)).isTrue();
    assertThat(RoundDecisions.mayClaim(new Node(false, 32, 32, true))).isFalse(); // shutting down
    assertThat(RoundDecisions.mayClaim(new Node(true, 32, 0, true))).isFalse();
    assertThat(decisions.plan(0, hungry).claim()).isEqualTo(10);
    assertThat(decisions.plan(0, busy).claim()).isZero();
  }

  @Test
  void leasesAreRenewedEveryThirdOfTheLeaseAndSoonAgainAfterAFailure() {
    Node none = new Node(false, 0, 0, false);
    assertThat(decisions.waitNanos(0, none, false)).isEqualTo(50 * MS); // at most 50 ms
    assertThat(decisions.plan(9_999 * MS, none).renew()).isFalse();
    Plan renewal = decisions.plan(10_000 * MS, none);
    assertThat(renewal.renew()).isTrue();

    decisions.written(10_000 * MS, renewal, new Result(true, false, 0, 0));

    assertThat(decisions.plan(10_050 * MS, none).renew()).isFalse();
    Plan again = decisions.plan(10_100 * MS, none);
    assertThat(again.renew()).isTrue();
    decisions.written(10_100 * MS, again, new Result(false, true, 0, 0));
    assertThat(decisions.plan(20_000 * MS, none).renew()).isFalse();
    assertThat(decisions.plan(20_100 * MS, none).renew()).isTrue();
  }

  @Test
  void overflowingAcceptsAreWrittenWithoutWaitingAndOutcomesAloneLingerForCompany() {
    Node none = new Node(false, 0, 0, false);
    assertThat(decisions.waitNanos(0, none, true)).isZero();
    assertThat(RoundDecisions.linger(new Plan(false, 0), false)).isTrue();
    assertThat(RoundDecisions.linger(new Plan(false, 0), true)).isFalse();
    assertThat(RoundDecisions.linger(new Plan(true, 0), false)).isFalse();
    assertThat(RoundDecisions.linger(new Plan(false, 4), false)).isFalse();
  }
}
