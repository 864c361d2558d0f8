package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: accepts sends (rate-limited, idempotent, committed before the call returns)
 * and, once {@link #start() started}, delivers them with this node's workers through the tenants'
 * connector chains, with retries, failover and a record of every attempt. Several nodes may share
 * one PostgreSQL database; see docs/outbox.md.
 *
 * <p>Thread-safe: every method may be called concurrently. {@link #close()} shuts the node down
 * gracefully.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** How often {@link #await} looks at the database for outcomes recorded by other nodes. */
  private static final long AWAIT_POLL_MILLIS = 100;

  /** How often finished messages past the retention are deleted, and how many per transaction. */
  private static final long PURGE_EVERY_SECONDS = 60;

  private static final int PURGE_BATCH = 500;

  private final OutboxConfig config;
  private final Clock clock;
  private final ConnectorChains chains;
  private final AcceptGate gate;
  private final Signals signals = new Signals();
  private final ViewStore views;
  private final WorkStore work;
  private final Delivery delivery;
  private final WorkerPool workers;

  /** The node's one writer thread: accepts, and the workers' claims, starts and outcomes. */
  private final Ledger ledger;

  private final ScheduledExecutorService purger =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "authmail-purge");
            thread.setDaemon(true);
            return thread;
          });

  private Outbox(
      Database db,
      ConnectorChains chains,
      OutboxConfig config,
      Clock clock,
      OutboxListener listener,
      AcceptGate gate) {
    this.config = config;
    this.gate = gate;
    this.clock = clock;
    this.chains = chains;
    this.views = new ViewStore(db);
    this.work = new WorkStore(db);
    this.delivery =
        new Delivery(
            chains,
            config,
            clock,
            new Backoff(
                config.retryBase(),
                config.retryCap(),
                () -> ThreadLocalRandom.current().nextDouble()));
    AcceptStore accepts = new AcceptStore(db.dialect(), config);
    this.workers =
        config.workerThreads() > 0
            ? new WorkerPool(work, delivery, config, clock, signals, listener)
            : null;
    this.ledger =
        new Ledger(db, work, accepts, config, clock, workers != null ? workers : Senders.NONE);
    if (workers != null) {
      workers.use(ledger);
    }
    if (db.exclusive() && db.firstTime("outbox: expire a dead process's leases")) {
      // an embedded SQLite file is this process's alone (locked): a lease found now was held by a
      // process that died
      // (SIGKILL, power cut); its messages need not wait for the lease to run out
      int orphans = work.expireLeases(clock.instant());
      if (orphans > 0) {
        LOG.info(
            "{} messages were being sent when the previous process stopped; sending them again",
            orphans);
      }
    }
    ledger.start();
    purger.scheduleWithFixedDelay(
        this::purgeQuietly, PURGE_EVERY_SECONDS, PURGE_EVERY_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Deletes the finished messages (and their attempts) that finished more than {@code retention}
   * ago, in transactions of {@value #PURGE_BATCH}; every node does it, a row deleted twice is
   * deleted once.
   *
   * @return how many messages were deleted
   */
  int purge() {
    Instant before = clock.instant().minus(config.retention());
    int total = 0;
    for (int deleted = PURGE_BATCH; deleted == PURGE_BATCH; total += deleted) {
      deleted = work.purge(before, PURGE_BATCH);
    }
    return total;
  }

  private void purgeQuietly() {
    try {
      int deleted = purge();
      if (deleted > 0) {
        LOG.debug("deleted {} messages finished more than {} ago", deleted, config.retention());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "deleting old messages failed; trying again in {} s: {}",
          PURGE_EVERY_SECONDS,
          e.getMessage());
    }
  }

  /**
   * An outbox on {@code db} (already migrated). Accepting works at once; sending starts with {@link
   * #start()}.
   *
   * @param clock the clock for every time the outbox stores and compares (tests substitute one)
   * @param listener hears attempts and outcomes, for metrics
   */
  public static Outbox create(
      Database db,
      ConnectorChains chains,
      OutboxConfig config,
      Clock clock,
      OutboxListener listener) {
    return create(db, chains, config, clock, listener, AcceptGate.OPEN);
  }

  /**
   * An outbox whose {@link #accept} first asks {@code gate} (e.g. the suppression list).
   *
   * @see #create(Database, ConnectorChains, OutboxConfig, Clock, OutboxListener)
   */
  public static Outbox create(
      Database db,
      ConnectorChains chains,
      OutboxConfig config,
      Clock clock,
      OutboxListener listener,
      AcceptGate gate) {
    return new Outbox(
        Objects.requireNonNull(db, "db is null"),
        Objects.requireNonNull(chains, "chains is null"),
        Objects.requireNonNull(config, "config is null"),
        Objects.requireNonNull(clock, "clock is null"),
        Objects.requireNonNull(listener, "listener is null"),
        Objects.requireNonNull(gate, "gate is null"));
  }

  /** An outbox with the system clock and no listener. */
  public static Outbox create(Database db, ConnectorChains chains, OutboxConfig config) {
    return create(db, chains, config, Clock.systemUTC(), OutboxListener.NONE);
  }

  /**
   * What makes this send impossible, found before it is accepted so that the caller answers 400
   * naming the path instead of storing a message that fails later: what the usage type needs
   * ({@link PayloadRules}: a code, an invitation link, http(s) links), then what any connector of
   * the tenant's chain could never send ({@link
   * dev.authmail.connector.api.EmailConnector#requestProblems}: a line break that its template puts
   * into a header). {@link #accept} does not call it: the HTTP routes do, and an embedding
   * application should.
   *
   * @return every problem, each path once, paths starting with {@code payload.}; empty when fine
   */
  public List<ConfigProblem> problems(NewMessage command) {
    Map<String, ConfigProblem> problems = new LinkedHashMap<>();
    PayloadRules.problems(command.type(), command.payload())
        .forEach(p -> problems.putIfAbsent(p.path(), p));
    EmailRequest request =
        new EmailRequest(
            command.to(), command.type(), command.payload(), "accept-check", command.ip());
    List<NamedConnector> chain;
    try {
      chain = chains.chain(command.tenant());
    } catch (RuntimeException e) {
      chain = List.of(); // a chain that cannot be built is reported when sending, as before
    }
    for (NamedConnector connector : chain) {
      connector
          .connector()
          .requestProblems(request)
          .forEach(p -> problems.putIfAbsent(p.path(), p));
    }
    return List.copyOf(problems.values());
  }

  /**
   * Rate-checks and stores one message; returns after the commit, so an {@code Accepted} message is
   * never lost. An idempotent replay returns the earlier message's id and stores nothing. A command
   * the {@link AcceptGate} refuses is answered {@link AcceptResult.Refused}, nothing stored.
   *
   * @throws StorageException when the database fails (nothing was accepted)
   * @throws IllegalStateException after {@link #close()}
   */
  public AcceptResult accept(NewMessage command) {
    Objects.requireNonNull(command, "command is null");
    Optional<AcceptResult.Refused> refused = gate.check(command);
    if (refused.isPresent()) {
      return refused.get();
    }
    AcceptStore.Pending pending =
        new AcceptStore.Pending(
            command,
            MessageIds.next(clock.instant()),
            Fingerprints.requestHash(command),
            Fingerprints.recipientKey(command.to()),
            PayloadJson.write(command.payload()));
    CompletableFuture<AcceptResult> result = ledger.accept(pending);
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while accepting; the message may have been stored", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException("accepting failed", e.getCause());
    }
  }

  /** The tenant's message with this id; empty when there is none (or it is another tenant's). */
  public Optional<MessageView> find(String tenant, String id) {
    return views.find(tenant, id);
  }

  /**
   * The tenant's messages, newest first.
   *
   * @param status only this status, or {@code null} for all
   * @param type only this usage type, or {@code null} for all
   * @param limit at most this many (at least 1)
   */
  public List<MessageView> list(String tenant, MessageStatus status, UsageType type, int limit) {
    return views.list(tenant, status, type, limit);
  }

  /**
   * Waits until the message's first delivery outcome is recorded (an attempt, or a final state such
   * as EXPIRED or CANCELLED), at most {@code max}, and returns its view then. Outcomes recorded by
   * this node wake the caller at once; those of other nodes are seen by polling.
   *
   * @return empty when the tenant has no such message
   */
  public Optional<MessageView> await(String tenant, String id, Duration max) {
    long deadline = System.nanoTime() + Math.max(0, max.toNanos());
    CompletableFuture<Void> signal = signals.watch(id);
    try {
      while (true) {
        Optional<MessageView> view = views.find(tenant, id);
        long left = deadline - System.nanoTime();
        if (view.isEmpty() || view.get().hasOutcome() || left <= 0) {
          return view;
        }
        try {
          signal.get(
              Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, AWAIT_POLL_MILLIS),
              TimeUnit.MILLISECONDS);
          signals.unwatch(id, signal);
          signal = signals.watch(id);
        } catch (TimeoutException e) {
          // look again: another node may have recorded it
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return views.find(tenant, id);
        }
      }
    } finally {
      signals.unwatch(id, signal);
    }
  }

  /**
   * Whether this node takes accepts: not closed, and its writer thread is running (if it died,
   * {@link #accept} fails at once with a {@link StorageException}). For health checks.
   */
  public boolean isAccepting() {
    return ledger.isAccepting();
  }

  /** Messages not yet final (QUEUED or SENDING), across all tenants and nodes. */
  public long queueDepth() {
    return work.queueDepth();
  }

  /** Starts this node's workers (no-op when {@code workerThreads} is 0 or already started). */
  public void start() {
    if (workers != null) {
      workers.start();
    }
  }

  /**
   * Graceful shutdown: stop accepting and claiming, finish sends in flight (bounded by {@code
   * shutdownGrace}), give claimed-but-unsent messages back, record outcomes. Does not close the
   * database. Idempotent.
   */
  @Override
  public void close() {
    purger.shutdownNow();
    ledger.stopAccepting();
    if (workers != null) {
      workers.close(); // lets sends in flight finish, then stops the ledger
    }
    ledger.stop(System.nanoTime() + Math.max(config.shutdownGrace().toNanos(), 5_000_000_000L));
  }

  public OutboxConfig config() {
    return config;
  }

  /** The circuit breaker of a tenant's connector on this node (for health and tests). */
  public CircuitBreaker.State circuitState(String tenant, String connector) {
    return delivery.breaker(tenant, connector).state();
  }

  Delivery delivery() {
    return delivery;
  }

  WorkStore workStore() {
    return work;
  }

  Ledger ledger() {
    return ledger;
  }

  /** Messages this node's workers hold a lease on right now. */
  int heldLeases() {
    return workers == null ? 0 : workers.heldCount();
  }
}
