package dev.authmail.runtime.cli;

import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform transport of {@code authmail preview}: it keeps the email the built-in service hands
 * over instead of delivering it, so what the preview writes is exactly what a real transport would
 * have sent — except that the HTML file is {@link RenderedEmail#htmlForViewing()}, with inline
 * images (an uploaded logo) as data URIs, since a browser cannot resolve {@code cid:}. Used by one
 * command on one thread at a time.
 */
final class PreviewTransport implements EmailTransport {
  private final Clock clock;
  private RenderedEmail last;

  PreviewTransport(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  @Override
  public synchronized SendResult deliver(RenderedEmail email) {
    last = email;
    return new SendResult(null, clock.instant());
  }

  /** The email handed over since the last call, and forgets it. */
  synchronized Optional<RenderedEmail> take() {
    RenderedEmail email = last;
    last = null;
    return Optional.ofNullable(email);
  }
}
