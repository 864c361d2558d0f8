package dev.authmail.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, items 11 (the header and query rows of docs/api.md) and 12 (errors Jetty answers before
 * the API runs), over a raw socket: an HTTP client library refuses to send most of these requests.
 */
class ApiEdgesTest extends ManagementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY =
      "{\"to\":\"edge@example.com\",\"type\":\"SignIn\",\"payload\":{\"code\":\"123456\"}}";

  record Raw(int status, String head, String body) {
    String contentType() {
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
          return line.substring("content-type:".length()).strip();
        }
      }
      return "";
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private Raw raw(String method, String target, String extraHeaders, String body)
      throws IOException {
    URI url = URI.create(api.url());
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
      socket.setSoTimeout(10_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String request =
          method
              + " "
              + target
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
              + "Authorization: Bearer "
              + ManagementServer.DEFAULT_KEY
              + "\r\n"
              + extraHeaders
              + (body == null
                  ? ""
                  : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
              + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = response.indexOf("\r\n\r\n");
      String head = response.substring(0, split);
      String rest = response.substring(split + 4);
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        rest = unchunk(rest);
      }
      return new Raw(Integer.parseInt(head.substring(9, 12)), head, rest);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  @Test
  void anEmptyIdempotencyKeyIsRefused() throws Exception {
    Raw answer = raw("POST", "/api/messages", "Idempotency-Key:\r\n", BODY);

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().get("code").asText()).isEqualTo("request.invalid_input");
    assertThat(answer.json().get("message").asText()).contains("Idempotency-Key").contains("empty");
  }

  @Test
  void twoDifferentIdempotencyKeysAreRefusedAndOneRepeatedIsOneKey() throws Exception {
    Raw two =
        raw("POST", "/api/messages", "Idempotency-Key: k-1\r\nIdempotency-Key: k-2\r\n", BODY);
    Raw repeated =
        raw("POST", "/api/messages", "Idempotency-Key: k-3\r\nIdempotency-Key: k-3\r\n", BODY);
    Raw hosted =
        raw(
            "POST",
            "/api/services/mails",
            "Idempotency-Key: k-4\r\nIdempotency-Key: k-5\r\n",
            "{\"data\":" + BODY + "}");

    assertThat(two.status()).as(two.body()).isEqualTo(400);
    assertThat(two.json().get("message").asText()).contains("twice with different values");
    assertThat(repeated.status()).as(repeated.body()).isEqualTo(202);
    assertThat(hosted.status()).as(hosted.body()).isEqualTo(400);
  }

  @Test
  void ttlInHoursIsAcceptedUpTo24h() throws Exception {
    Raw oneHour = raw("POST", "/api/messages?ttl=1h", "", BODY.replace("edge@", "edge1@"));
    Raw day = raw("POST", "/api/messages?ttl=24h", "", BODY.replace("edge@", "edge2@"));
    Raw tooLong = raw("POST", "/api/messages?ttl=25h", "", BODY.replace("edge@", "edge3@"));

    assertThat(oneHour.status()).as(oneHour.body()).isEqualTo(202);
    assertThat(day.status()).as(day.body()).isEqualTo(202);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("message").asText()).contains("from 1s to 24h");
  }

  @Test
  void aHugeHeaderIs431InTheApisJsonShape() throws Exception {
    Raw answer = raw("GET", "/api/messages", "X-Big: " + "a".repeat(10_000) + "\r\n", null);

    assertThat(answer.status()).isEqualTo(431);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json().get("code").asText()).isEqualTo("request.header_fields_too_large");
  }

  @Test
  void aControlCharacterInAHeaderIs400InTheApisJsonShape() throws Exception {
    Raw answer = raw("GET", "/api/messages", "X-Bad: a\u0001b\r\n", null);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json().get("code").asText()).isEqualTo("request.invalid_input");
  }

  @Test
  void anAmbiguousPathIsAnErrorInTheApisJsonShape() throws Exception {
    Raw answer = raw("GET", "/console/..%2f..%2fapi%2fkeys", "", null);

    assertThat(answer.status()).isBetween(400, 404);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json().get("code").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("<html");
  }
}
