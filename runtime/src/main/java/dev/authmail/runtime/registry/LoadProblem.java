package dev.authmail.runtime.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A connector factory that could not be used: its class was missing, its constructor threw, its
 * metadata was invalid, its plugin was not a readable jar, or (for a plugin) it claimed an id or
 * alias another factory already has. The registry keeps going without it.
 *
 * @param className the provider's class name as listed in {@code META-INF/services}, {@code
 *     "(unknown)"} when the service file itself could not be read, or {@value #NO_CLASS} when the
 *     plugin could not be opened at all
 * @param reason what went wrong, for a person
 * @param cause the original error; may be {@code null}
 * @param plugin the plugin jar or folder it came from; {@code null} for the class path
 */
public record LoadProblem(String className, String reason, Throwable cause, Path plugin) {
  /** The class name of a problem with a plugin as a whole (an unreadable jar, an empty folder). */
  public static final String NO_CLASS = "(none)";

  public LoadProblem {
    Objects.requireNonNull(className, "className is null");
    Objects.requireNonNull(reason, "reason is null");
  }

  /** A problem of a provider on the class path. */
  public LoadProblem(String className, String reason, Throwable cause) {
    this(className, reason, cause, null);
  }

  @Override
  public String toString() {
    return (plugin == null ? "" : "plugin " + plugin + ": ")
        + (NO_CLASS.equals(className) ? "" : className + ": ")
        + reason;
  }
}
