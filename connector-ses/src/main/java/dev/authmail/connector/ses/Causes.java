package dev.authmail.connector.ses;

import java.util.Optional;

/** Looks through an exception's causes, which the SDK nests a few levels deep. Stateless. */
final class Causes {
  private static final int MAX_DEPTH = 12;

  private Causes() {}

  static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return Optional.empty();
  }
}
