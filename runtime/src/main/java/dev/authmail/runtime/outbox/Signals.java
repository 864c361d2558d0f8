package dev.authmail.runtime.outbox;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** In-process wake-ups for {@link Outbox#await}: completed when this node records an outcome. */
final class Signals {
  private final ConcurrentMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  CompletableFuture<Void> watch(String id) {
    return waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  void unwatch(String id, CompletableFuture<Void> future) {
    waiting.remove(id, future);
  }

  void signal(String id) {
    if (waiting.isEmpty()) {
      return;
    }
    CompletableFuture<Void> future = waiting.remove(id);
    if (future != null) {
      future.complete(null);
    }
  }
}
