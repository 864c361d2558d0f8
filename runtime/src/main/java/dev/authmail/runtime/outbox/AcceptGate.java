package dev.authmail.runtime.outbox;

import java.util.Objects;
import java.util.Optional;

/**
 * Refuses a send before anything is stored, for a reason that is not the request's shape (which
 * {@link Outbox#problems} finds) nor a rate limit: for example a recipient on the tenant's
 * suppression list. Consulted by {@link Outbox#accept} on the caller's thread, before the writer
 * thread. Implementations must be safe for concurrent use.
 */
@FunctionalInterface
public interface AcceptGate {
  /** Lets everything through. */
  AcceptGate OPEN = command -> Optional.empty();

  /** Why {@code command} must not be accepted; empty to accept it. */
  Optional<AcceptResult.Refused> check(NewMessage command);

  /** This gate, then {@code next} when this one lets the command through. */
  default AcceptGate then(AcceptGate next) {
    Objects.requireNonNull(next, "next is null");
    return command -> {
      Optional<AcceptResult.Refused> refused = check(command);
      return refused.isPresent() ? refused : next.check(command);
    };
  }
}
