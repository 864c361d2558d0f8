package dev.authmail.connector.api;

import java.util.Objects;

/**
 * One thing wrong with a configuration: the key path ({@code port}, {@code auth.pass}, {@code
 * templates[2].usageType}) and what is wrong with it, phrased for a person, e.g. {@code expected a
 * number from 1 to 65535, got "abc"}. A problem with a secret key never quotes the value.
 */
public record ConfigProblem(String path, String message) {
  public ConfigProblem {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(message, "message is null");
  }

  /** The same problem under a parent path: {@code port} under {@code connectors.a.config}. */
  public ConfigProblem under(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return this;
    }
    return new ConfigProblem(
        path.isEmpty() ? prefix : prefix + (path.startsWith("[") ? "" : ".") + path, message);
  }

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
