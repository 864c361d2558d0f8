package dev.authmail.connector.logtoemail.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.LogtoEmailConnectorFactory;
import dev.authmail.connector.logtoemail.support.Images;
import dev.authmail.connector.tck.TestContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Remote mode against a mock of the hosted service: Logto Cloud's exact request, and its error
 * mapping.
 */
class RemoteModeTest {
  private static final String TOKEN = "remote-token-s3cr3t";
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void postsLogtosExactBodyWithBearerToken() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    EmailConnector connector =
        connector(
            Map.of(
                "senderName",
                "Acme",
                "companyInformation",
                "Acme Inc.\n1 Main St",
                "appLogo",
                "https://cdn.example.com/logo.png"));

    connector.send(
        new EmailRequest(
            EmailAddress.parse("alice@example.com"),
            UsageType.OrganizationInvitation,
            Payload.builder()
                .code("123456")
                .link("https://auth.example.com/invite?t=1")
                .locale("fr-CA")
                .organization(Map.of("id", "org1", "name", "Globex"))
                .inviter(Map.of("name", "Hank"))
                .put("anyExtraKey", List.of(1, true))
                .build(),
            "msg-7",
            "203.0.113.9"));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/services/mails");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    Object body = JSON.readValue(request.getBody().utf8(), Object.class);
    assertThat(body)
        .isEqualTo(
            Map.of(
                "data",
                Map.of(
                    "to", "alice@example.com",
                    "type", "OrganizationInvitation",
                    "payload",
                        Map.of(
                            "code", "123456",
                            "link", "https://auth.example.com/invite?t=1",
                            "locale", "fr-CA",
                            "organization", Map.of("id", "org1", "name", "Globex"),
                            "inviter", Map.of("name", "Hank"),
                            "anyExtraKey", List.of(1, true),
                            "senderName", "Acme",
                            "companyInformation", "Acme Inc.\n1 Main St",
                            "appLogo", "https://cdn.example.com/logo.png"))));
    assertThat(request.getBody().utf8()).doesNotContain("203.0.113.9");
  }

  @Test
  void brandingKeysAreLeftOutWhenNotSetAndUploadedLogoIsSentAsDataUri() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

    connector(Map.of()).send(signIn());
    connector(Map.of("appLogo", Images.PNG_BASE64)).send(signIn());

    assertThat(JSON.readValue(server.takeRequest().getBody().utf8(), Object.class))
        .isEqualTo(
            Map.of(
                "data",
                Map.of(
                    "to",
                    "bob@example.com",
                    "type",
                    "SignIn",
                    "payload",
                    Map.of("code", "654321"))));
    assertThat(
            JSON.readTree(server.takeRequest().getBody().utf8())
                .at("/data/payload/appLogo")
                .asText())
        .isEqualTo("data:image/png;base64," + Images.PNG_BASE64);
  }

  @Test
  void status429IsQuotaExceeded() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .body("{\"code\":\"subscription.limit_exceeded\"}")
            .build());

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector(Map.of()).send(signIn()));

    assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
    assertThat(e.code().wireCode()).isEqualTo("usage_limit_exceeded");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain(TOKEN, "bob@example.com");
  }

  @Test
  void otherStatusesUseTheSharedHttpMapping() {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "7").build());
    server.enqueue(new MockResponse.Builder().code(422).build());
    EmailConnector connector = connector(Map.of());

    assertThat(
            catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn())).code())
        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    ConnectorException unavailable =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn()));
    assertThat(unavailable.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(unavailable.retryAfter()).contains(java.time.Duration.ofSeconds(7));
    assertThat(
            catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn())).code())
        .isEqualTo(ErrorCode.REJECTED);
  }

  @Test
  void unsafeInvitationLinkIsRefusedBeforeSending() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                connector(Map.of())
                    .send(
                        new EmailRequest(
                            EmailAddress.parse("bob@example.com"),
                            UsageType.OrganizationInvitation,
                            Payload.builder().link("javascript:alert(1)").build(),
                            "msg-9")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void endpointMustPassTheOperatorsNetworkPolicy() {
    ConnectorFactory factory =
        new LogtoEmailConnectorFactory(
            Optional.of(new RemoteSettings(URI.create(server.url("/").toString()), TOKEN)));
    TestContext strict = TestContext.builder().network(NetworkPolicy.strict()).build();

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> factory.create(factory.configSpec().bind(Map.of()), strict));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains(RemoteSettings.ENDPOINT_ENV);
  }

  @Test
  void settingsComeFromTheOperatorsEnvironmentAndHideTheToken() {
    assertThat(RemoteSettings.fromEnvironment(Map.of())).isEmpty();
    RemoteSettings settings =
        RemoteSettings.fromEnvironment(
                Map.of(
                    RemoteSettings.ENDPOINT_ENV,
                    "https://mail.example.com/",
                    RemoteSettings.ACCESS_TOKEN_ENV,
                    TOKEN))
            .orElseThrow();

    assertThat(settings.mailsUrl()).isEqualTo("https://mail.example.com/api/services/mails");
    assertThat(settings.toString()).doesNotContain(TOKEN);
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () ->
                    RemoteSettings.fromEnvironment(
                        Map.of(RemoteSettings.ENDPOINT_ENV, "https://mail.example.com"))))
        .hasMessageContaining(RemoteSettings.ACCESS_TOKEN_ENV);
  }

  private EmailConnector connector(Map<String, Object> branding) {
    ConnectorFactory factory =
        new LogtoEmailConnectorFactory(
            Optional.of(new RemoteSettings(URI.create(server.url("/").toString()), TOKEN)));
    return factory.create(factory.configSpec().bind(branding), TestContext.create());
  }

  private static EmailRequest signIn() {
    return new EmailRequest(
        EmailAddress.parse("bob@example.com"),
        UsageType.SignIn,
        Payload.builder().code("654321").build(),
        "msg-8");
  }
}
