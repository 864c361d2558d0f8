package dev.authmail.runtime.api;

/** Who may call a route. */
public enum Scope {
  /** Anyone, without a key (health, metrics, the OpenAPI document). */
  PUBLIC,
  /** A tenant key acting for its own tenant, or the admin key acting for any tenant. */
  TENANT,
  /** The admin key only (managing API keys). */
  ADMIN
}
