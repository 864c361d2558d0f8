package dev.authmail.runtime.suppression;

import java.util.Objects;

/**
 * One recipient's bounce or complaint as a provider reported it.
 *
 * @param address the recipient as the provider spelled it (parsed and normalized when recorded)
 * @param id the event's id, prefixed by its provider ({@code sendgrid:<sg_event_id>}), so that a
 *     redelivery counts once; {@code null} when the provider gave none
 */
record ProviderEvent(String address, Reason reason, String id) {
  ProviderEvent {
    Objects.requireNonNull(address, "address is null");
    Objects.requireNonNull(reason, "reason is null");
  }

  /** Addresses are personal data: never in logs. */
  @Override
  public String toString() {
    return "ProviderEvent[" + reason + ", " + id + "]";
  }
}
