package dev.authmail.connector.logtoemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.FormItem;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.tck.CapturingTransport;
import dev.authmail.connector.tck.TestContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogtoEmailConnectorFactoryTest {
  private final ConnectorFactory factory = new LogtoEmailConnectorFactory(Optional.empty());

  @Test
  void metadataIsLogtosWithAFormItemPerBrandingKey() {
    assertThat(factory.id()).isEqualTo("logto-email");
    assertThat(factory.metadata().target()).isEqualTo("logto-email");
    assertThat(factory.metadata().name()).containsKeys("en", "ja", "zh-CN", "de", "fr");
    assertThat(factory.metadata().formItems())
        .extracting(FormItem::key)
        .containsExactly("senderName", "companyInformation", "appLogo");
    assertThat(factory.metadata().formItems())
        .extracting(FormItem::type)
        .containsExactly(FormItem.Type.Text, FormItem.Type.MultilineText, FormItem.Type.Text);
  }

  @Test
  void localModeHandsARenderedEmailToThePlatformTransport() {
    CapturingTransport transport = new CapturingTransport();
    EmailConnector connector =
        factory.create(
            factory.configSpec().bind(Map.of("senderName", "Acme")),
            TestContext.builder()
                .platformTransport(transport)
                .platformSender("no-reply@platform.test")
                .build());

    connector.send(
        new EmailRequest(
            EmailAddress.parse("alice@example.com"),
            UsageType.MfaVerification,
            Payload.builder().code("135790").locale("de-AT").build(),
            "m-1"));

    RenderedEmail email = transport.last();
    assertThat(email.from()).contains(EmailAddress.parse("no-reply@platform.test"));
    assertThat(email.fromName()).contains("Acme");
    assertThat(email.to()).isEqualTo(EmailAddress.parse("alice@example.com"));
    assertThat(email.subject()).isEqualTo("Ihr Code für die Bestätigung in zwei Schritten");
    assertThat(email.html()).get().asString().contains("135790");
    assertThat(email.text()).contains("135790");
    assertThat(email.messageId()).contains("m-1");
    assertThat(email.type()).contains(UsageType.MfaVerification);
    assertThat(email.headers()).containsEntry("Content-Language", "de");
  }

  @Test
  void localModeWithoutAPlatformTransportIsAClearConfigError() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> factory.create(factory.configSpec().bind(Map.of()), TestContext.create()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("platform.transport", "capture inbox");
  }

  @Test
  void createRefusesForeignKeysWithTheServicesRules() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                factory.create(
                    factory
                        .configSpec()
                        .bind(
                            Map.of(
                                "fromEmail",
                                "ceo@acme.test",
                                "html",
                                "<p>x</p>",
                                "senderName",
                                "acme.io")),
                    TestContext.builder().platformTransport(new CapturingTransport()).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder("fromEmail", "html", "senderName");
  }

  @Test
  void missingCodeIsAnInvalidRequest() {
    EmailConnector connector =
        factory.create(
            factory.configSpec().bind(Map.of()),
            TestContext.builder().platformTransport(new CapturingTransport()).build());

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                connector.send(
                    new EmailRequest(
                        EmailAddress.parse("alice@example.com"),
                        UsageType.SignIn,
                        Payload.empty(),
                        "m-2")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void httpInvitationLinkIsRefusedBeforeSending() {
    CapturingTransport transport = new CapturingTransport();
    EmailConnector connector =
        factory.create(
            factory.configSpec().bind(Map.of()),
            TestContext.builder().platformTransport(transport).build());

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                connector.send(
                    new EmailRequest(
                        EmailAddress.parse("alice@example.com"),
                        UsageType.OrganizationInvitation,
                        Payload.builder().link("http://example.com/invite").build(),
                        "m-3")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(transport.attempts()).isZero();
  }
}
