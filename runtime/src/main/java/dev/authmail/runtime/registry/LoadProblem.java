package dev.authmail.runtime.registry;

import java.util.Objects;

/**
 * A connector factory on the class path that could not be used: its class was missing, its
 * constructor threw, its metadata was invalid, or it claimed an id another factory already has.
 * The registry keeps going without it.
 *
 * @param className the provider's class name as listed in {@code META-INF/services}, or
 *     {@code "(unknown)"} when the service file itself could not be read
 * @param reason what went wrong, for a person
 * @param cause the original error; may be {@code null}
 */
public record LoadProblem(String className, String reason, Throwable cause) {
  public LoadProblem {
    Objects.requireNonNull(className, "className is null");
    Objects.requireNonNull(reason, "reason is null");
  }

  @Override
  public String toString() {
    return className + ": " + reason;
  }
}
