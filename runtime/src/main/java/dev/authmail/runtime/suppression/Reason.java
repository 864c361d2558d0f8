package dev.authmail.runtime.suppression;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why an address is on the suppression list; a soft bounce is recorded but never blocks. */
public enum Reason {
  HARD_BOUNCE("hard-bounce", true),
  COMPLAINT("complaint", true),
  MANUAL("manual", true),
  SOFT_BOUNCE("soft-bounce", false);

  private final String wireName;
  private final boolean blocks;

  Reason(String wireName, boolean blocks) {
    this.wireName = wireName;
    this.blocks = blocks;
  }

  /** The spelling in the API and the database, e.g. {@code hard-bounce}. */
  public String wireName() {
    return wireName;
  }

  /** Whether sends to an address with this reason are refused. */
  public boolean blocks() {
    return blocks;
  }

  /** The reason spelled {@code value} ({@code hard-bounce} or {@code HARD_BOUNCE}). */
  public static Optional<Reason> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values()).filter(r -> r.wireName.equals(v)).findFirst();
  }

  /**
   * The reason a row keeps when {@code next} is seen for it: a blocking reason is never replaced by
   * a soft bounce (the address is still undeliverable), otherwise the latest wins.
   */
  Reason merge(Reason next) {
    return blocks && !next.blocks ? this : next;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
