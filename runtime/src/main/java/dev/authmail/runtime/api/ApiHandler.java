package dev.authmail.runtime.api;

/**
 * Handles one API request; throw {@link ApiException} (see {@link ApiErrors}) to answer an error.
 */
@FunctionalInterface
public interface ApiHandler {
  void handle(ApiContext ctx) throws Exception;
}
