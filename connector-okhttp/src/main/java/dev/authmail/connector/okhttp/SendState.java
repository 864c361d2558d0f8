package dev.authmail.connector.okhttp;

/**
 * A request tag that {@link AddressGuard} marks when the request is about to be written: after that
 * a failure may come after the provider accepted the email, and is reported with {@link
 * dev.authmail.connector.api.ConnectorException#maybeDelivered()}. One per call.
 */
final class SendState {
  private volatile boolean written;

  void markWritten() {
    written = true;
  }

  boolean written() {
    return written;
  }
}
