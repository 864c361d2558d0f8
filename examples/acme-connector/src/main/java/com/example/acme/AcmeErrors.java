// tag::errors[]
package com.example.acme;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.toolkit.Json;
import okhttp3.Response;

/**
 * Acme's error answers, {@code {"error": {"code", "message"}}}, in one place. The status decides
 * (through the shared mapping: 401 → AUTHENTICATION_FAILED, 429 → RATE_LIMITED, 5xx → UNAVAILABLE…)
 * unless the body says more: {@code out_of_credits} is QUOTA_EXCEEDED (the outbox fails over to the
 * next connector) although Acme answers it with 422. Thread-safe.
 */
final class AcmeErrors implements HttpCalls.ErrorReader {
  @Override
  public HttpCalls.ProviderError read(Response response, String body) {
    Object tree;
    try {
      tree = Json.read(body);
    } catch (IllegalArgumentException e) {
      return new HttpCalls.ProviderError(
          "", response.header("Retry-After")); // not Acme's JSON: by status
    }
    String code = Json.textAt(tree, "error", "code");
    String message = Json.textAt(tree, "error", "message");
    if ("out_of_credits".equals(code)) {
      return HttpCalls.ProviderError.classified(ErrorCode.QUOTA_EXCEEDED, message, null);
    }
    return new HttpCalls.ProviderError(message, response.header("Retry-After"));
  }
}
// end::errors[]
