package dev.authmail.runtime.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's workers: N sender threads, and the {@link Ledger} thread that (besides writing the
 * node's accepts) claims due messages in batches under a lease, records send starts, renews the
 * node's leases and writes outcomes, each round in one transaction, then wakes {@link Outbox#await}
 * callers.
 *
 * <p>A sender calls a connector only while this node holds the message's lease with room to spare
 * (a third of the lease) and after the send's start is committed; a message whose lease ran out
 * locally (renewals failing: database down) or was lost is given up unsent, and its lease left to
 * expire.
 *
 * <p>The node holds at most {@code 4 × threads} claimed messages (claimed in batches of at least
 * half that while senders are busy), so a node does not hoard work that another node could send.
 * {@link #close()} shuts down gracefully: stop claiming, let sends in flight finish (bounded by
 * {@code shutdownGrace}), give claimed-but-unsent messages back, write what finished.
 */
final class WorkerPool implements Senders {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

  private final WorkStore store;
  private final Delivery delivery;
  private final OutboxConfig config;
  private final Clock clock;
  private final Signals signals;
  private final OutboxListener listener;
  private final int capacity;

  /** A send starts only while at least this much of its lease is left. */
  private final Duration startMargin;

  /** Claimed, waiting for a sender; those whose start was recorded with the claim go first. */
  private final BlockingDeque<Lease> ready = new LinkedBlockingDeque<>();

  /** Senders waiting for work right now. */
  private final AtomicInteger idle = new AtomicInteger();

  private final ConcurrentMap<String, Lease> held = new ConcurrentHashMap<>();
  private final List<Thread> senders = new ArrayList<>();
  private Ledger ledger;
  private boolean started;
  private volatile boolean sending;

  WorkerPool(
      WorkStore store,
      Delivery delivery,
      OutboxConfig config,
      Clock clock,
      Signals signals,
      OutboxListener listener) {
    this.store = store;
    this.delivery = delivery;
    this.config = config;
    this.clock = clock;
    this.signals = signals;
    this.listener = listener;
    this.capacity = Math.max(1, config.workerThreads() * 4);
    this.startMargin = config.lease().dividedBy(3);
  }

  /**
   * The node's writer; {@link Outbox} builds it with this pool as its senders and hands it here
   * before start.
   */
  void use(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public Collection<Lease> held() {
    return held.values();
  }

  @Override
  public int room() {
    return capacity - held.size();
  }

  @Override
  public boolean hungry() {
    return ready.size() < config.workerThreads();
  }

  @Override
  public int idleSenders() {
    return ready.isEmpty() ? idle.get() : 0;
  }

  synchronized void start() {
    if (started) {
      return;
    }
    started = sending = true;
    ledger.startClaiming();
    for (int i = 0; i < config.workerThreads(); i++) {
      senders.add(daemon(this::sendLoop, "authmail-send-" + i));
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * On the ledger's thread, after a claim committed; the first {@code startedCount} are marked
   * started.
   */
  @Override
  public void claimed(List<Claimed> claimed, int startedCount) {
    if (!sending) {
      // shutting down: the claim raced with close(); give the messages straight back
      List<String> ids = new ArrayList<>(claimed.size());
      claimed.forEach(m -> ids.add(m.id()));
      try {
        store.release(config.nodeId(), ids, clock.instant());
      } catch (RuntimeException e) {
        LOG.warn(
            "releasing {} leases failed; they will expire instead: {}", ids.size(), e.getMessage());
      }
      return;
    }
    for (int i = 0; i < claimed.size(); i++) {
      Claimed m = claimed.get(i);
      Lease lease = new Lease(m);
      held.put(m.id(), lease);
      if (i < startedCount) {
        lease.markStarted();
        ready.addFirst(lease);
      } else {
        ready.add(lease);
      }
    }
  }

  private void sendLoop() {
    while (sending) {
      Lease lease;
      try {
        lease = next();
      } catch (InterruptedException e) {
        return;
      }
      if (lease == null) {
        continue;
      }
      Outcome outcome;
      try {
        outcome = delivery.deliver(lease.message(), () -> mayStart(lease));
      } catch (RuntimeException | Error e) {
        // a bug, not a provider error: leave the lease to run out so another try happens later
        LOG.error("sending message {} failed unexpectedly", lease.id(), e);
        giveUp(lease);
        continue;
      }
      if (outcome == null) {
        LOG.warn(
            "message {} was not sent: this node lost its lease; another worker will take it",
            lease.id());
        giveUp(lease);
        continue;
      }
      ledger.recordDone(lease, outcome);
    }
  }

  /** The next claimed message (those started with their claim first), or null after 50 ms. */
  private Lease next() throws InterruptedException {
    Lease lease = ready.poll();
    if (lease != null) {
      return lease;
    }
    idle.incrementAndGet();
    try {
      return ready.poll(50, TimeUnit.MILLISECONDS);
    } finally {
      idle.decrementAndGet();
    }
  }

  /**
   * Right before the connector call: the lease holds with room to spare and the start is recorded.
   */
  private boolean mayStart(Lease lease) {
    if (!lease.holdsAt(clock.instant().plus(startMargin))) {
      return false;
    }
    if (lease.startRecorded()) {
      return true; // recorded in the round that claimed it, for this idle sender
    }
    return ledger.recordStart(lease) && lease.holdsAt(clock.instant());
  }

  /** Stops holding (and renewing) the message; its lease runs out and any node claims it again. */
  private void giveUp(Lease lease) {
    lease.lose();
    held.remove(lease.id(), lease);
    ledger.roomFreed();
  }

  /** After the ledger wrote outcomes: free the capacity, wake waiters, tell the listener. */
  @Override
  public void written(List<Ledger.Done> dones, boolean recorded) {
    for (Ledger.Done d : dones) {
      held.remove(d.lease().id(), d.lease());
    }
    ledger.roomFreed();
    if (!recorded) {
      dones.forEach(d -> d.lease().lose());
      return;
    }
    for (Ledger.Done d : dones) {
      signals.signal(d.lease().id());
      notifyListener(d.lease().message(), d.outcome());
    }
  }

  private void notifyListener(Claimed claimed, Outcome c) {
    try {
      if (c.attempt() != null) {
        listener.attempted(
            claimed.tenant(),
            claimed.type(),
            c.attempt().connector(),
            c.attempt().outcome(),
            c.attempt().errorCode());
      }
      listener.completed(
          claimed.tenant(),
          claimed.type(),
          c.connector(),
          c.status(),
          Duration.between(claimed.createdAt(), c.at()));
      if (c instanceof Outcome.Failed failed && failed.recipientUnknown()) {
        listener.recipientUnknown(
            claimed.tenant(), claimed.id(), claimed.recipient(), c.connector());
      }
    } catch (RuntimeException e) {
      LOG.warn("outbox listener failed", e);
    }
  }

  /** Graceful shutdown; see the class comment. Idempotent. */
  synchronized void close() {
    if (!started || !sending) {
      return;
    }
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    ledger.stopClaiming();
    sending = false;
    for (Thread sender : senders) {
      join(sender, deadline);
    }
    List<Lease> unsent = new ArrayList<>();
    ready.drainTo(unsent);
    ledger.release(unsent);
    unsent.forEach(l -> held.remove(l.id(), l));
    ledger.stop(System.nanoTime() + Math.max(config.shutdownGrace().toNanos(), 5_000_000_000L));
    for (Thread sender : senders) {
      if (sender.isAlive()) {
        LOG.warn(
            "{} is still sending after the shutdown grace; its lease will expire",
            sender.getName());
      }
    }
  }

  private static void join(Thread thread, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    try {
      if (left > 0) {
        thread.join(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Messages this node holds a lease on right now (claimed and not yet written back). */
  int heldCount() {
    return held.size();
  }
}
