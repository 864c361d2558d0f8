package dev.authmail.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.api.ApiPrincipal;
import dev.authmail.runtime.api.ApiServer;
import dev.authmail.runtime.api.Authenticator;
import dev.authmail.runtime.preview.EmailPreviewer;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's routes over HTTP: the static files (with their security headers), the redirect, and
 * the preview of the built-in service through the real {@code logto-email} factory.
 */
class ConsoleRoutesTest {
  private static final String KEY = "console-routes-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static ApiServer server;
  private static ConsoleRoutes routes;

  @BeforeAll
  static void start() {
    routes =
        new ConsoleRoutes(
            ConnectorRegistry.load(),
            EmailAddress.parse("no-reply@mail.example.com"),
            Clock.systemUTC());
    server =
        ApiServer.builder()
            .authenticator(Authenticator.fixed(Map.of(KEY, ApiPrincipal.admin("test"))))
            .routes(routes)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void unknownFileNamesWithoutAKeyAre404sAndAreNotRemembered() throws Exception {
    for (int i = 0; i < 300; i++) {
      HttpResponse<String> response = send("GET", "/console/missing-" + i + ".js", null, null);
      assertThat(response.statusCode()).isEqualTo(404);
    }
    assertThat(send("GET", "/console/app.js", null, null).statusCode()).isEqualTo(200);

    assertThat(routes.cachedFiles()).isLessThan(20);
  }

  @Test
  void rootRedirectsToTheConsole() throws Exception {
    HttpResponse<String> response = send("GET", "/", null, null);

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).contains("/console/");
  }

  @Test
  void pageIsServedWithAPolicyThatAllowsNoInlineScript() throws Exception {
    HttpResponse<String> response = send("GET", "/console/", null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/html");
    assertThat(response.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
    String policy = response.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy)
        .contains("script-src 'self';")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-eval");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void scriptsAreServedAsJavaScriptAndUnknownFilesAreNotFound() throws Exception {
    assertThat(send("GET", "/console/app.js", null, null).headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/javascript");
    assertThat(send("GET", "/console/nothing.js", null, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/console/..%2Fpom.xml", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void previewRendersTheBuiltInEmailWithTheBrandingGiven() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/preview",
            KEY,
            "{\"type\": \"SignIn\", \"locale\": \"fr-CA\", \"branding\": {\"senderName\": \"Acme\","
                + " \"companyInformation\": \"Acme SA\\n1 rue de la Paix\"}}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode email = JSON.readTree(response.body());
    assertThat(email.get("language").asText()).isEqualTo("fr");
    assertThat(email.get("from").asText()).isEqualTo("no-reply@mail.example.com");
    assertThat(email.get("fromName").asText()).isEqualTo("Acme");
    assertThat(email.get("html").asText()).contains("123456").contains("Acme SA");
    assertThat(email.get("text").asText()).contains("123456");
  }

  @Test
  void previewRefusesABrandingProblemNamingItsKey() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/preview",
            KEY,
            "{\"type\": \"SignIn\", \"branding\": {\"senderName\": \"Visit"
                + " https://acme.example\"}}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("code").asText()).isEqualTo("connector.invalid_config");
    assertThat(error.get("details").get(0).get("path").asText()).isEqualTo("senderName");
  }

  @Test
  void previewRefusesAnUnknownTypeNamingTheValidOnes() throws Exception {
    HttpResponse<String> response = send("POST", "/api/preview", KEY, "{\"type\": \"Hello\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("details").get(0).get("path").asText()).isEqualTo("type");
    assertThat(error.get("message").asText()).contains("SignIn");
  }

  @Test
  void previewNeedsAKey() throws Exception {
    assertThat(send("POST", "/api/preview", null, "{\"type\": \"SignIn\"}").statusCode())
        .isEqualTo(401);
  }

  @Test
  void optionsListEveryTypeAndTheBuiltInLanguagesEnglishFirst() throws Exception {
    JsonNode options = JSON.readTree(send("GET", "/api/preview/options", KEY, null).body());

    assertThat(options.get("types")).hasSize(9);
    assertThat(options.get("languages").get(0).asText()).isEqualTo("en");
    assertThat(options.get("languages").toString()).contains("\"ja\"", "\"zh-TW\"", "\"pt-BR\"");
    assertThat(options.get("from").asText()).isEqualTo("no-reply@mail.example.com");
  }

  @Test
  void previewIsRefusedWhenTheServiceWouldPostToAHostedService() {
    EmailPreviewer remote =
        new EmailPreviewer(
            ConnectorRegistry.load(),
            EmailAddress.parse("no-reply@mail.example.com"),
            Clock.systemUTC(),
            name ->
                name.equals(EmailPreviewer.REMOTE_MODE_ENV) ? "https://mail.example.com" : null);

    assertThatThrownBy(() -> remote.render(Map.of(), UsageType.SignIn, "en"))
        .hasMessageContaining(EmailPreviewer.REMOTE_MODE_ENV);
  }

  private static HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
