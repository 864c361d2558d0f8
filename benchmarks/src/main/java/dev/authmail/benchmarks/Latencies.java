package dev.authmail.benchmarks;

import java.util.Arrays;

/** Collects latencies (nanoseconds) from many threads; percentiles in milliseconds. */
final class Latencies {
  private final long[] values;
  private int size;

  Latencies(int capacity) {
    values = new long[capacity];
  }

  synchronized void add(long nanos) {
    if (size < values.length) {
      values[size++] = nanos;
    }
  }

  synchronized int count() {
    return size;
  }

  /** The p-th percentile (0–100) in milliseconds, nearest rank. */
  synchronized double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  String summary() {
    return String.format(
        "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)",
        percentileMillis(50), percentileMillis(99), percentileMillis(100), count());
  }
}
