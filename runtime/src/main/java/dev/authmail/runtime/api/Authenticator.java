package dev.authmail.runtime.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the bearer key of a request. {@code ApiKeys} is the stored implementation; tests may use
 * {@link #fixed(Map)}. Must be safe for concurrent use.
 */
@FunctionalInterface
public interface Authenticator {
  /** The key's owner, or empty when the key is unknown or revoked. */
  Optional<ApiPrincipal> authenticate(String key);

  /** Fixed keys (key → principal), for tests and embedding. */
  static Authenticator fixed(Map<String, ApiPrincipal> keys) {
    Map<String, ApiPrincipal> copy = Map.copyOf(keys);
    return key -> Optional.ofNullable(copy.get(Objects.requireNonNull(key, "key is null")));
  }
}
