package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.okhttp.testing.ApiPeer;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MultipartReader;
import okio.Buffer;

/**
 * Mailgun's API on 127.0.0.1 (a JUnit extension), from its API reference: {@code POST
 * /v3/{domain}/messages} with basic auth {@code api:<key>} answers 200 {@code {"id": "<…>",
 * "message": "Queued. Thank you."}}; {@code GET /v4/domains/{domain}} answers the domain; errors
 * are {@code {"message": "…"}} (401 is the plain text {@code Forbidden}).
 */
final class MailgunPeer extends ApiPeer {
  static final String DOMAIN = "mg.example.com";
  static final String MESSAGE_ID = "20260101000000.1.8D3A7C2B1E0F4A5B@mg.example.com";

  private final String apiKey;

  MailgunPeer(String apiKey) {
    super(
        "Mailgun",
        new Routes()
            .send(
                "POST",
                "/v3/" + DOMAIN + "/messages",
                json(
                    200, "{\"id\": \"<" + MESSAGE_ID + ">\", \"message\": \"Queued. Thank you.\"}"))
            .answer(
                "GET",
                "/v4/domains/" + DOMAIN,
                json(200, "{\"domain\": {\"name\": \"" + DOMAIN + "\", \"state\": \"active\"}}"))
            .otherwise(new MockResponse.Builder().code(404).body("404 page not found").build()));
    this.apiKey = apiKey;
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /**
   * The form fields of a request, in order, URL-encoded or multipart (file parts under their field
   * name with their file name).
   */
  static Form form(RecordedRequest request) {
    String type = request.getHeaders().get("Content-Type");
    Form form = new Form();
    if (type != null && type.startsWith("multipart/form-data")) {
      String boundary = type.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
      try (MultipartReader reader =
          new MultipartReader(new Buffer().write(request.getBody()), boundary)) {
        MultipartReader.Part part;
        while ((part = reader.nextPart()) != null) {
          String disposition = part.headers().get("Content-Disposition");
          String name = disposition.replaceAll(".*\\bname=\"([^\"]*)\".*", "$1");
          byte[] bytes = part.body().readByteArray();
          if (disposition.contains("filename=")) {
            form.files.add(
                new FilePart(
                    name,
                    disposition.replaceAll(".*filename=\"([^\"]*)\".*", "$1"),
                    part.headers().get("Content-Type"),
                    bytes));
          } else {
            form.add(name, new String(bytes, StandardCharsets.UTF_8));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return form;
    }
    String body = request.getBody().utf8();
    for (String pair : body.isEmpty() ? new String[0] : body.split("&")) {
      int eq = pair.indexOf('=');
      form.add(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  record FilePart(String field, String fileName, String contentType, byte[] bytes) {}

  static final class Form {
    final Map<String, List<String>> fields = new LinkedHashMap<>();
    final List<FilePart> files = new ArrayList<>();

    void add(String name, String value) {
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    String get(String name) {
      List<String> values = fields.get(name);
      return values == null ? null : values.get(0);
    }
  }

  /**
   * As Mailgun reads a message: the fields, {@code inline} files by file name (their content id).
   */
  @Override
  protected ReceivedEmail decode(RecordedRequest request) {
    Form form = form(request);
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("api:" + apiKey).getBytes(StandardCharsets.UTF_8));
    ReceivedEmail.Builder received =
        ReceivedEmail.builder()
            .credentialsValid(expected.equals(request.getHeaders().get("Authorization")))
            .to(form.get("to"))
            .from(address(form.get("from")))
            .replyTo(address(form.get("h:Reply-To")))
            .subject(form.get("subject"))
            .html(form.get("html"))
            .text(form.get("text"));
    for (FilePart file : form.files) {
      if (file.field().equals("inline")) {
        received.inlineImage(file.fileName(), file.bytes());
      }
    }
    if (form.get("template") != null) {
      received.content(
          form.fields.toString()); // Mailgun renders the stored template from the variables
    }
    return received.build();
  }

  /** The address of {@code Name <addr>}. */
  private static String address(String mailbox) {
    return mailbox == null ? null : mailbox.replaceAll("^.*<([^>]+)>\\s*$", "$1");
  }

  /**
   * Mailgun's answers: 400 refusal, 401 bad key, 429 with Retry-After, 503, or no answer in time.
   */
  @Override
  public void arrangeFault(Fault fault) {
    switch (fault) {
      case REJECTED ->
          enqueue(
              json(
                  400,
                  "{\"message\": \"Message rejected: the recipient domain refuses mail from this"
                      + " sender\"}"));
      case AUTHENTICATION_FAILED ->
          enqueue(new MockResponse.Builder().code(401).body("Forbidden").build());
      case RATE_LIMITED ->
          enqueue(
              new MockResponse.Builder()
                  .code(429)
                  .addHeader("Retry-After", "7")
                  .addHeader("Content-Type", "application/json")
                  .body("{\"message\": \"Too many requests\"}")
                  .build());
      case UNAVAILABLE -> enqueue(json(503, "{\"message\": \"Service Unavailable\"}"));
      case TIMEOUT -> enqueueSlow(4);
    }
  }

  /** Mailgun failures the status alone does not classify. */
  @Override
  public Map<String, ErrorCode> declaredFaults() {
    return Map.of(
        "400 free plan limit", ErrorCode.QUOTA_EXCEEDED,
        "400 domain unverified", ErrorCode.INVALID_CONFIG,
        "404 domain not found", ErrorCode.INVALID_CONFIG,
        "400 bad to address", ErrorCode.INVALID_REQUEST);
  }

  @Override
  public void arrangeDeclaredFault(String name) {
    enqueue(
        switch (name) {
          case "400 domain unverified" ->
              json(
                  400,
                  "{\"message\": \"Domain "
                      + DOMAIN
                      + " is not allowed to send: The domain is unverified and requires DNS"
                      + " configuration. Log in to your control panel to view required DNS"
                      + " records.\"}");
          case "400 free plan limit" ->
              json(
                  400,
                  "{\"message\": \"Domain "
                      + DOMAIN
                      + " is not allowed to send: Free accounts are for test purposes only. Please"
                      + " upgrade or add the address to authorized recipients in Account"
                      + " Settings.\"}");
          case "404 domain not found" ->
              json(404, "{\"message\": \"Domain not found: " + DOMAIN + "\"}");
          case "400 bad to address" ->
              json(
                  400,
                  "{\"message\": \"'to' parameter is not a valid address. please check"
                      + " documentation\"}");
          default -> throw new IllegalArgumentException(name);
        });
  }
}
