package dev.authmail.runtime.outbox;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * The outbox's settings. {@link #defaults()} gives what an operator gets without configuration;
 * {@link #toBuilder()} derives a changed copy. Immutable.
 *
 * @param nodeId this node's name in leases and attempts; unique per running process
 * @param recipientLimit messages accepted per tenant and normalized recipient in {@code
 *     recipientWindow}, whatever the usage type and the route (Logto: 10 in 10 minutes); 0 turns
 *     the limit off. See {@link TenantScope} for what one tenant and one recipient are
 * @param typeLimit messages accepted per tenant, recipient and usage type in {@code typeWindow}, on
 *     top of {@code recipientLimit}; 0 (default) = off
 * @param tenantLimit messages accepted per tenant in {@code tenantWindow}; 0 (default) = off
 * @param workerThreads concurrent sends on this node; 0 makes an accept-only node
 * @param claimBatch at most this many messages claimed per statement
 * @param lease how long a claim lasts without renewal; the node renews its leases every {@code
 *     lease / 3} while it holds them, so a slow send is never taken over. After a crash (on
 *     PostgreSQL) the dead node's messages wait this long before another node takes them
 * @param pollInterval how often an idle node looks for due work (accepts on the same node wake it
 *     at once)
 * @param retryBase first back-off step; step n is min(cap, base × 2^(n-1)), fully jittered
 * @param retryCap largest back-off step
 * @param failoverAfter consecutive retryable failures of one connector for one message after which
 *     the next connector in the chain takes over
 * @param breakerThreshold consecutive retryable failures after which a connector's circuit opens
 * @param breakerCooldown how long an open circuit stays open before one probe is let through
 * @param acceptBatch at most this many accepts grouped into one transaction
 * @param shutdownGrace how long {@link Outbox#close()} waits for in-flight sends
 * @param retention how long a finished message (DELIVERED, FAILED, EXPIRED, CANCELLED) is kept,
 *     with its attempts and its idempotency key, before it is deleted; at least as long as the
 *     rate-limit windows, which count kept messages
 */
public record OutboxConfig(
    String nodeId,
    int recipientLimit,
    Duration recipientWindow,
    int tenantLimit,
    Duration tenantWindow,
    int workerThreads,
    int claimBatch,
    Duration lease,
    Duration pollInterval,
    Duration retryBase,
    Duration retryCap,
    int failoverAfter,
    int breakerThreshold,
    Duration breakerCooldown,
    int acceptBatch,
    Duration shutdownGrace,
    Duration retention,
    int typeLimit,
    Duration typeWindow) {

  public OutboxConfig {
    Objects.requireNonNull(nodeId, "nodeId is null");
    requireNonNegative("recipientLimit", recipientLimit);
    requireNonNegative("tenantLimit", tenantLimit);
    requireNonNegative("typeLimit", typeLimit);
    requirePositive("typeWindow", typeWindow);
    requireNonNegative("workerThreads", workerThreads);
    requirePositive("claimBatch", claimBatch);
    requirePositive("failoverAfter", failoverAfter);
    requirePositive("breakerThreshold", breakerThreshold);
    requirePositive("acceptBatch", acceptBatch);
    requirePositive("recipientWindow", recipientWindow);
    requirePositive("tenantWindow", tenantWindow);
    requirePositive("lease", lease);
    requirePositive("pollInterval", pollInterval);
    requirePositive("retryBase", retryBase);
    requirePositive("retryCap", retryCap);
    requirePositive("breakerCooldown", breakerCooldown);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace is null");
    requirePositive("retention", retention);
    if (retention.compareTo(recipientWindow) < 0
        || retention.compareTo(tenantWindow) < 0
        || retention.compareTo(typeWindow) < 0) {
      throw new IllegalArgumentException(
          "retention ("
              + retention
              + ") must be at least the rate-limit windows ("
              + recipientWindow
              + ", "
              + tenantWindow
              + ", "
              + typeWindow
              + "): they count the messages kept");
    }
  }

  public static OutboxConfig defaults() {
    return new Builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A name for this process: host name, pid and a random suffix. */
  public static String defaultNodeId() {
    String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    return runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void requireNonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
    }
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name + " is null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }

  /** Collects settings; not thread-safe. */
  public static final class Builder {
    private String nodeId = defaultNodeId();
    private int recipientLimit = 10;
    private Duration recipientWindow = Duration.ofMinutes(10);
    private int tenantLimit = 0;
    private Duration tenantWindow = Duration.ofMinutes(1);
    private int workerThreads = 8;
    private int claimBatch = 64;
    private Duration lease = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofMillis(200);
    private Duration retryBase = Duration.ofSeconds(1);
    private Duration retryCap = Duration.ofMinutes(5);
    private int failoverAfter = 2;
    private int breakerThreshold = 5;
    private Duration breakerCooldown = Duration.ofSeconds(30);
    private int acceptBatch = 256;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private Duration retention = Duration.ofDays(7);
    private int typeLimit = 0;
    private Duration typeWindow = Duration.ofMinutes(10);

    private Builder() {}

    private Builder(OutboxConfig c) {
      nodeId = c.nodeId;
      recipientLimit = c.recipientLimit;
      recipientWindow = c.recipientWindow;
      tenantLimit = c.tenantLimit;
      tenantWindow = c.tenantWindow;
      workerThreads = c.workerThreads;
      claimBatch = c.claimBatch;
      lease = c.lease;
      pollInterval = c.pollInterval;
      retryBase = c.retryBase;
      retryCap = c.retryCap;
      failoverAfter = c.failoverAfter;
      breakerThreshold = c.breakerThreshold;
      breakerCooldown = c.breakerCooldown;
      acceptBatch = c.acceptBatch;
      shutdownGrace = c.shutdownGrace;
      retention = c.retention;
      typeLimit = c.typeLimit;
      typeWindow = c.typeWindow;
    }

    public Builder nodeId(String value) {
      nodeId = value;
      return this;
    }

    public Builder recipientLimit(int limit, Duration window) {
      recipientLimit = limit;
      recipientWindow = window;
      return this;
    }

    public Builder tenantLimit(int limit, Duration window) {
      tenantLimit = limit;
      tenantWindow = window;
      return this;
    }

    public Builder typeLimit(int limit, Duration window) {
      typeLimit = limit;
      typeWindow = window;
      return this;
    }

    public Builder workerThreads(int value) {
      workerThreads = value;
      return this;
    }

    public Builder claimBatch(int value) {
      claimBatch = value;
      return this;
    }

    public Builder lease(Duration value) {
      lease = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder retry(Duration base, Duration cap) {
      retryBase = base;
      retryCap = cap;
      return this;
    }

    public Builder failoverAfter(int value) {
      failoverAfter = value;
      return this;
    }

    public Builder breaker(int threshold, Duration cooldown) {
      breakerThreshold = threshold;
      breakerCooldown = cooldown;
      return this;
    }

    public Builder acceptBatch(int value) {
      acceptBatch = value;
      return this;
    }

    public Builder shutdownGrace(Duration value) {
      shutdownGrace = value;
      return this;
    }

    public Builder retention(Duration value) {
      retention = value;
      return this;
    }

    public OutboxConfig build() {
      return new OutboxConfig(
          nodeId,
          recipientLimit,
          recipientWindow,
          tenantLimit,
          tenantWindow,
          workerThreads,
          claimBatch,
          lease,
          pollInterval,
          retryBase,
          retryCap,
          failoverAfter,
          breakerThreshold,
          breakerCooldown,
          acceptBatch,
          shutdownGrace,
          retention,
          typeLimit,
          typeWindow);
    }
  }
}
