package dev.authmail.connector.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.okhttp.HttpTimeouts;
import dev.authmail.connector.okhttp.SharedOkHttp;
import dev.authmail.connector.tck.TckTemplates;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The SDK's HTTP client over the shared, policy-guarded OkHttp client: what the SDK hands it
 * reaches the peer unchanged, the answer comes back unchanged, and the operator's network policy is
 * applied to the address the connection is actually made to, not to an earlier lookup.
 */
class OkHttpSdkClientTest {
  private static final String BODY =
      "{\"FromEmailAddress\":\"noreply@example.com\",\"Subject\":\"サインイン\"}";

  @RegisterExtension final SesPeer peer = new SesPeer();

  private final OkHttpSdkClient client =
      new OkHttpSdkClient(SharedOkHttp.forConnector(TestContext.create(), HttpTimeouts.DEFAULTS));

  @Test
  void requestAndAnswerCrossTheAdapterUnchanged() throws Exception {
    // given the peer answers with a status, a header and a body of its own
    peer.enqueue(
        new MockResponse.Builder()
            .code(201)
            .addHeader("x-amzn-RequestId", "req-1")
            .addHeader("Content-Type", "application/json")
            .body("{\"MessageId\":\"m-9\"}")
            .build());
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.PUT)
            .uri(URI.create(peer.endpoint() + "/v2/email/things?a=b%20c&d=1"))
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("Content-Length", String.valueOf(body.length))
            .putHeader("X-Amz-Meta", List.of("one", "two"))
            .build();

    // when
    HttpExecuteResponse response =
        client
            .prepareRequest(
                HttpExecuteRequest.builder()
                    .request(request)
                    .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
                    .build())
            .call();

    // then the SDK sees the peer's status, headers and body
    assertThat(response.httpResponse().statusCode()).isEqualTo(201);
    assertThat(response.httpResponse().firstMatchingHeader("x-amzn-requestid")).contains("req-1");
    try (InputStream in = response.responseBody().orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"MessageId\":\"m-9\"}");
    }
    // and the peer saw the SDK's method, path, query, headers (as given, not rewritten) and body
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("PUT");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v2/email/things");
    assertThat(recorded.getUrl().encodedQuery()).isEqualTo("a=b%20c&d=1");
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/x-amz-json-1.0");
    assertThat(recorded.getHeaders().values("Content-Length"))
        .containsExactly(String.valueOf(body.length));
    assertThat(recorded.getHeaders().values("X-Amz-Meta")).containsExactly("one", "two");
    assertThat(recorded.getBody().utf8()).isEqualTo(BODY);
  }

  @Test
  void aGetCarriesNoBody() throws Exception {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(peer.endpoint() + SesPeer.ACCOUNT_PATH))
            .build();

    HttpExecuteResponse response =
        client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();

    assertThat(response.httpResponse().statusCode()).isEqualTo(200);
    response.responseBody().orElseThrow().close();
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(recorded.getBody()).as("no body").isNull();
    assertThat(recorded.getHeaders().names()).doesNotContain("Content-Length", "Transfer-Encoding");
  }

  @Test
  void anAbortedRequestFailsWithoutReachingThePeer() {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(peer.endpoint() + SesPeer.ACCOUNT_PATH))
            .build();
    ExecutableHttpRequest call =
        client.prepareRequest(HttpExecuteRequest.builder().request(request).build());

    call.abort();

    assertThat(catchThrowableOfType(IOException.class, call::call)).isNotNull();
    assertThat(peer.connectionCount()).isZero();
  }

  @Test
  void aSendCarriesTheSigV4SignatureTheBodyAndTheAnswer() {
    // when the connector sends through the adapter
    SendResult result;
    try (SesConnector connector = connector(NetworkPolicy.allowingPrivateAddresses())) {
      result = connector.send(signIn());
    }

    // then SES's answer (status 200, its JSON body) became the result
    assertThat(result.providerMessageId()).isEqualTo(SesPeer.MESSAGE_ID);
    // and the request arrived signed, with its whole body and its signed length
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("Signature=");
    assertThat(recorded.getHeaders().get("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    assertThat(recorded.getHeaders().get("Content-Length"))
        .isEqualTo(String.valueOf(recorded.getBody().size()));
    assertThat(recorded.getBody().utf8())
        .contains("\"ToAddresses\":[\"user@example.org\"]")
        .contains("314159");
  }

  @Test
  void theStrictPolicyRefusesALoopbackAddressAtConnectTimeWithoutSendingTheRequest() {
    // given an endpoint that passed the config-time check (as a host name whose DNS answer later
    // changes to 127.0.0.1 would) and a connector running under the strict policy
    try (SesConnector connector = connector(NetworkPolicy.strict())) {
      // when
      ConnectorException e =
          catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn()));

      // then the address connected to is refused with the policy's own error, and SES got nothing
      assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.getMessage()).contains("127.0.0.1").contains("network.allowPrivateAddresses");
      assertThat(e.maybeDelivered()).isFalse();
      assertThat(peer.connectionCount()).isZero();
    }
  }

  /**
   * A connector on the peer's {@code http://127.0.0.1} endpoint, its config read under a policy
   * allowing private addresses (so the config-time check passes), running under {@code runtime}.
   */
  private SesConnector connector(NetworkPolicy runtime) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("accessKeyId", "AKIDEXAMPLE");
    raw.put("accessKeySecret", "adapter-test-secret");
    raw.put("region", "eu-west-1");
    raw.put("emailAddress", "noreply@example.com");
    raw.put("templates", TckTemplates.logtoTemplates());
    raw.put("endpoint", peer.endpoint());
    raw.put("timeout", Map.of("connect", 1000, "read", 1000, "call", 3000));
    ConfigSpec spec = SesConfig.SPEC;
    SesConfig config = SesConfig.from(spec.bind(raw), NetworkPolicy.allowingPrivateAddresses());
    return new SesConnector(config, TestContext.builder().network(runtime).build());
  }

  private static EmailRequest signIn() {
    return new EmailRequest(
        EmailAddress.parse("user@example.org"),
        UsageType.SignIn,
        Payload.builder().code("314159").build(),
        "m-1");
  }
}
