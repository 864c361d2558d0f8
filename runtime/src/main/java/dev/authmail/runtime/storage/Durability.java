package dev.authmail.runtime.storage;

import java.util.Locale;

/**
 * What an acknowledged commit of the embedded SQLite database survives ({@code
 * storage.durability}). PostgreSQL ignores it: there, {@code synchronous_commit} decides.
 */
public enum Durability {
  /**
   * {@code synchronous=FULL}: every commit is fsynced to the write-ahead log before it returns, so
   * it survives a power cut or a kernel crash. The default.
   */
  POWER_LOSS("power-loss", "FULL"),
  /**
   * {@code synchronous=NORMAL}: a commit reaches the operating system before it returns (it
   * survives the process being killed) and the disk at the next checkpoint; a power cut may lose
   * the last commits. Cheaper per commit; choose it knowingly.
   */
  PROCESS_CRASH("process-crash", "NORMAL");

  private final String wireName;
  private final String synchronous;

  Durability(String wireName, String synchronous) {
    this.wireName = wireName;
    this.synchronous = synchronous;
  }

  /** The value as written in the configuration file. */
  public String wireName() {
    return wireName;
  }

  /** SQLite's {@code PRAGMA synchronous} value. */
  String synchronous() {
    return synchronous;
  }

  /**
   * Parses a configuration value.
   *
   * @throws IllegalArgumentException naming the key and the accepted values
   */
  public static Durability of(String value) {
    for (Durability d : values()) {
      if (d.wireName.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "storage.durability must be power-loss or process-crash, not \"" + value + "\"");
  }
}
