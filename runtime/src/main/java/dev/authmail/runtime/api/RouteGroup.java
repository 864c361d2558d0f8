package dev.authmail.runtime.api;

/**
 * A set of routes, registered with their scope and description through an {@link ApiRouter}. Every
 * part of the runtime that serves HTTP is a RouteGroup; {@code authmail serve} wires all of them
 * into one {@link ApiServer}.
 */
@FunctionalInterface
public interface RouteGroup {
  void register(ApiRouter router);
}
