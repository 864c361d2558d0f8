package dev.authmail.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few HTTP calls the process tests make, with the admin key. Thread-safe. */
final class ProcessApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private final String url;

  ProcessApi(String url) {
    this.url = url;
  }

  /** POST /api/messages; the message id when the answer is 202, else {@code null}. */
  String send(String to, String code) throws IOException, InterruptedException {
    String body =
        JSON.writeValueAsString(
            Map.of("to", to, "type", "SignIn", "payload", Map.of("code", code, "locale", "en")));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/messages"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + ServeProcess.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException(
          "POST /api/messages answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).get("id").asText();
  }

  /** GET /api/messages/{id}: the message view. */
  JsonNode message(String id) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/messages/" + id))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + ServeProcess.ADMIN_KEY)
            .GET()
            .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET /api/messages/"
              + id
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }
}
