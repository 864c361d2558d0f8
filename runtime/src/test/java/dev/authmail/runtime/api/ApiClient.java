package dev.authmail.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client over java.net.http for the API tests. */
final class ApiClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String baseUrl;
  private final String key;

  ApiClient(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  ApiClient withKey(String otherKey) {
    return new ApiClient(baseUrl, otherKey);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), headers);
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  HttpResponse<String> post(String path, Map<String, ?> body, String... headers) throws Exception {
    return post(path, ApiJson.mapper().writeValueAsString(body), headers);
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String... headers)
      throws Exception {
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(
        request.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return ApiJson.mapper().readTree(response.body());
  }

  /** Polls GET /api/messages/{id} until the status is reached (at most 20 s). */
  JsonNode awaitStatus(String id, String status, String... headers) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode view = null;
    while (System.nanoTime() < deadline) {
      view = json(get("/api/messages/" + id, headers));
      if (status.equals(view.path("status").asText())) {
        return view;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("message " + id + " did not reach " + status + ": " + view);
  }
}
