package dev.authmail.runtime.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Sends many messages through the HTTP API of one or more nodes with a bounded pool of clients. */
final class Senders {
  private Senders() {}

  /**
   * POSTs {@code count} SignIn messages to distinct recipients ({@code prefix}{i}@example.com, so
   * no rate limit applies), message i through node i % nodes; returns the ids of those answered
   * 202.
   */
  static List<String> send(List<ProcessApi> nodes, String prefix, int count, int clients)
      throws Exception {
    List<String> ids = Collections.synchronizedList(new ArrayList<>(count));
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  ids.add(
                      nodes
                          .get(n % nodes.size())
                          .send(prefix + n + "@example.com", String.format("%06d", n)));
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    return List.copyOf(ids);
  }

  /**
   * Polls until the condition holds or the time is up (bounded waiting, not a timing assertion).
   */
  static void await(java.util.function.BooleanSupplier condition, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }
}
