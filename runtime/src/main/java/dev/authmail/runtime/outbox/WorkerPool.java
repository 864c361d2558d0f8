package dev.authmail.runtime.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's workers: a claimer thread that claims due messages in batches under a lease, N
 * sender threads that send them, and a completer thread that writes outcomes in batches (one
 * transaction for everything finished meanwhile) and wakes {@link Outbox#await} callers.
 *
 * <p>The node holds at most {@code 2 × threads} claimed messages, so a node does not hoard work
 * that another node could send. {@link #close()} shuts down gracefully: stop claiming, let sends
 * in flight finish (bounded by {@code shutdownGrace}), give claimed-but-unsent messages back,
 * write what finished.
 */
final class WorkerPool {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

  private record Done(Claimed claimed, Completion completion) {}

  private final WorkStore store;
  private final Delivery delivery;
  private final OutboxConfig config;
  private final Clock clock;
  private final Signals signals;
  private final OutboxListener listener;
  private final int capacity;

  private final BlockingQueue<Claimed> ready = new LinkedBlockingQueue<>();
  private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
  private final BlockingQueue<Boolean> wake = new LinkedBlockingQueue<>(1);
  private final AtomicInteger held = new AtomicInteger();
  private final List<Thread> senders = new ArrayList<>();
  private Thread claimer;
  private Thread completer;
  private volatile boolean claiming;
  private volatile boolean sending;
  private volatile boolean completing;

  WorkerPool(WorkStore store, Delivery delivery, OutboxConfig config, Clock clock, Signals signals,
      OutboxListener listener) {
    this.store = store;
    this.delivery = delivery;
    this.config = config;
    this.clock = clock;
    this.signals = signals;
    this.listener = listener;
    this.capacity = Math.max(1, config.workerThreads() * 2);
  }

  synchronized void start() {
    if (claimer != null) {
      return;
    }
    claiming = sending = completing = true;
    claimer = daemon(this::claimLoop, "authmail-claim");
    completer = daemon(this::completeLoop, "authmail-complete");
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

  /** New work may be due (an accept committed, a completion freed capacity): look now. */
  void wake() {
    wake.offer(Boolean.TRUE);
  }

  private void claimLoop() {
    while (claiming) {
      try {
        int room = capacity - held.get();
        if (room <= 0) {
          wake.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        int want = Math.min(room, config.claimBatch());
        List<Claimed> claimed = store.claim(config.nodeId(), clock.instant(), config.lease(), want);
        held.addAndGet(claimed.size());
        ready.addAll(claimed);
        if (claimed.size() < want) {
          wake.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("claiming messages failed; trying again: {}", e.getMessage());
        pause(config.pollInterval());
      }
    }
  }

  private void sendLoop() {
    while (sending) {
      Claimed message;
      try {
        message = ready.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (message == null) {
        continue;
      }
      try {
        done.add(new Done(message, delivery.deliver(message)));
      } catch (RuntimeException | Error e) {
        // a bug, not a provider error: leave the lease to run out so another try happens later
        LOG.error("sending message {} failed unexpectedly", message.id(), e);
        held.decrementAndGet();
      }
    }
  }

  private void completeLoop() {
    List<Done> batch = new ArrayList<>();
    while (completing || !done.isEmpty()) {
      try {
        Done first = done.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        done.drainTo(batch, 511);
        writeCompletions(batch);
      } catch (InterruptedException e) {
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void writeCompletions(List<Done> batch) {
    List<Completion> completions = new ArrayList<>(batch.size());
    batch.forEach(d -> completions.add(d.completion()));
    for (int attempt = 1; ; attempt++) {
      try {
        store.complete(completions);
        break;
      } catch (RuntimeException e) {
        if (attempt >= 5 || !completing && attempt >= 2) {
          // the leases will run out and other workers take these over (marked maybe-duplicate)
          LOG.error("recording {} outcomes failed; their leases will expire", batch.size(), e);
          held.addAndGet(-batch.size());
          return;
        }
        LOG.warn("recording outcomes failed, retrying: {}", e.getMessage());
        pause(config.pollInterval());
      }
    }
    held.addAndGet(-batch.size());
    wake();
    for (Done d : batch) {
      signals.signal(d.claimed().id());
      notifyListener(d);
    }
  }

  private void notifyListener(Done d) {
    try {
      Completion c = d.completion();
      if (c.attempt() != null) {
        listener.attempted(d.claimed().tenant(), d.claimed().type(), c.attempt().connector(),
            c.attempt().outcome(), c.attempt().errorCode());
      }
      listener.completed(d.claimed().tenant(), d.claimed().type(), c.connector(), c.status(),
          Duration.between(d.claimed().createdAt(), c.at()));
    } catch (RuntimeException e) {
      LOG.warn("outbox listener failed", e);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Graceful shutdown; see the class comment. Idempotent. */
  synchronized void close() {
    if (claimer == null || !claiming) {
      return;
    }
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    claiming = false;
    wake();
    join(claimer, deadline);
    sending = false;
    for (Thread sender : senders) {
      join(sender, deadline);
    }
    List<Claimed> unsent = new ArrayList<>();
    ready.drainTo(unsent);
    List<String> ids = new ArrayList<>(unsent.size());
    unsent.forEach(m -> ids.add(m.id()));
    try {
      store.release(config.nodeId(), ids, clock.instant());
      held.addAndGet(-ids.size());
    } catch (RuntimeException e) {
      LOG.warn("releasing {} leases failed; they will expire instead: {}", ids.size(), e.getMessage());
    }
    completing = false;
    join(completer, System.nanoTime() + Math.max(config.shutdownGrace().toNanos(), 5_000_000_000L));
    for (Thread sender : senders) {
      if (sender.isAlive()) {
        LOG.warn("{} is still sending after the shutdown grace; its lease will expire", sender.getName());
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
  int held() {
    return held.get();
  }
}
