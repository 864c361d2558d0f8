package dev.authmail.runtime.inbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Capture inbox ids, which sort by time: {@code 20261126101500123-4f9a2c}, the UTC millisecond
 * (strictly increasing within one generator) and 24 random bits (unique across processes).
 * Thread-safe.
 */
final class InboxIds {
  /** What an id looks like; anything else (such as {@code ../x}) is no id. */
  static final Pattern ID = Pattern.compile("[0-9]{17}-[0-9a-f]{6}");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AtomicLong lastMillis = new AtomicLong();

  String next(Instant now) {
    long millis = lastMillis.updateAndGet(last -> Math.max(last + 1, now.toEpochMilli()));
    return TIME.format(Instant.ofEpochMilli(millis))
        + "-"
        + String.format("%06x", RANDOM.nextInt(1 << 24));
  }
}
