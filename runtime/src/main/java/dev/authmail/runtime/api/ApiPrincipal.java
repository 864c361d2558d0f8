package dev.authmail.runtime.api;

import java.util.Objects;

/**
 * Whom an API key belongs to.
 *
 * @param scope {@link Scope#ADMIN} for the admin key, {@link Scope#TENANT} for a tenant key
 * @param tenant the tenant of a tenant key; {@code null} for the admin key
 * @param keyId the key's public id (never the key itself), for audit and logs
 */
public record ApiPrincipal(Scope scope, String tenant, String keyId) {
  public ApiPrincipal {
    Objects.requireNonNull(scope, "scope is null");
    Objects.requireNonNull(keyId, "keyId is null");
    if (scope == Scope.PUBLIC) {
      throw new IllegalArgumentException("a key is TENANT or ADMIN, not PUBLIC");
    }
    if (scope == Scope.TENANT) {
      Objects.requireNonNull(tenant, "tenant is null for a tenant key");
    }
  }

  public static ApiPrincipal admin(String keyId) {
    return new ApiPrincipal(Scope.ADMIN, null, keyId);
  }

  public static ApiPrincipal tenant(String tenant, String keyId) {
    return new ApiPrincipal(Scope.TENANT, tenant, keyId);
  }

  public boolean isAdmin() {
    return scope == Scope.ADMIN;
  }
}
