package dev.authmail.runtime.registry;

/**
 * A connector factory id that cannot be used: no factory has it, or two factories claim it. The
 * message names the available ids (or both claiming classes) and is safe to show.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }
}
