package dev.authmail.runtime.inbox;

import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import java.util.List;
import java.util.Optional;

/**
 * The platform transport out of the box: instead of sending, it keeps each email where a developer
 * can read it (the CLI's {@code authmail inbox}, later the console). The interface is small so
 * that storage can move (files now, the database later) without touching its users.
 *
 * <p>Implementations must be safe for concurrent use.
 */
public interface CaptureInbox extends EmailTransport {
  /**
   * Stores the email durably before returning; the result's provider message id is its inbox id.
   * The HTML stored is {@link RenderedEmail#htmlForViewing()}: inline images (an uploaded logo,
   * sent by real transports as {@code cid:} parts) become data URIs in it, so every reader — the
   * CLI, the API, the console's browser — shows them without resolving {@code cid:}.
   *
   * @throws dev.authmail.connector.api.ConnectorException {@code UNAVAILABLE} when it cannot be
   *     stored
   */
  @Override
  SendResult deliver(RenderedEmail email);

  /** The newest {@code limit} emails, newest first. */
  List<CapturedEmail> list(int limit);

  /** The email with this inbox id. */
  Optional<CapturedEmail> get(String id);
}
