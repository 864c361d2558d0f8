package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakesTest {
  @Test
  void testContextDefaults() {
    TestContext context = TestContext.create();

    assertThat(context.clock().instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(context.network().allowsPrivateAddresses()).isTrue();
    assertThat(context.tenant()).isEqualTo("default");
    assertThat(context.defaultLanguage()).isEqualTo("en");
    assertThat(context.platformTransport()).isEmpty();
    assertThat(context.platformSender()).isEmpty();
    assertThat(context.templates().find(UsageType.SignIn, "en")).isEmpty();
  }

  @Test
  void testContextBuilderSetsEverything() {
    CapturingTransport transport = new CapturingTransport();
    EmailTemplate fr = EmailTemplate.html(UsageType.SignIn, "Code {{code}}", "<p>{{code}}</p>");

    TestContext context =
        TestContext.builder()
            .tenant("acme")
            .defaultLanguage("fr")
            .platformTransport(transport)
            .platformSender("noreply@example.com")
            .template("fr-CA", fr)
            .build();

    assertThat(context.tenant()).isEqualTo("acme");
    assertThat(context.defaultLanguage()).isEqualTo("fr");
    assertThat(context.platformTransport()).containsSame(transport);
    assertThat(context.platformSender()).contains(EmailAddress.parse("noreply@example.com"));
    assertThat(context.templates().find(UsageType.SignIn, "FR-ca")).contains(fr);
    assertThat(context.templates().find(UsageType.Register, "fr-CA")).isEmpty();
  }

  @Test
  void storedTemplatesCanBeAddedAfterBuilding() {
    TestContext context = TestContext.create();
    EmailTemplate generic = EmailTemplate.text(UsageType.Generic, "s", "c");

    context.storedTemplates().put("de", generic).put(UsageType.SignIn, "de", generic);

    assertThat(context.templates().find(UsageType.Generic, "de")).contains(generic);
    assertThat(context.templates().find(UsageType.SignIn, "de")).contains(generic);
    assertThat(context.toBuilder().build().templates().find(UsageType.Generic, "de"))
        .contains(generic);
  }

  @Test
  void capturingTransportRecordsAndFailsOnRequest() throws Exception {
    CapturingTransport transport = new CapturingTransport();
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("jane@example.com"))
            .subject("s")
            .html("<p>h</p>")
            .build();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 100; i++) {
      pool.execute(() -> transport.deliver(email));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(transport.count()).isEqualTo(100);
    assertThat(transport.last().text()).isEqualTo("h");

    transport.failWith(new ConnectorException(ErrorCode.RATE_LIMITED, "slow down"));
    assertThatThrownBy(() -> transport.deliver(email))
        .isInstanceOfSatisfying(
            ConnectorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
    transport.succeed();
    assertThat(transport.deliver(email).providerMessageId()).isEqualTo("captured-101");
    assertThat(transport.attempts()).isEqualTo(102);
    assertThat(transport.deliver(email).acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
  }

  @Test
  void tckTemplatesAreLogtoTemplatesThatConfigTemplatesAccepts() {
    List<Map<String, Object>> templates = TckTemplates.logtoTemplates();
    ConfigSpec spec =
        ConfigSpec.builder().objects("templates", ConfigTemplates.ENTRY, k -> {}).build();

    List<EmailTemplate> read =
        ConfigTemplates.from(spec.bind(Map.of("templates", templates)), "templates");

    assertThat(read)
        .extracting(EmailTemplate::usageType)
        .containsExactly(
            UsageType.Register, UsageType.SignIn, UsageType.ForgotPassword, UsageType.Generic);
    assertThat(read)
        .allSatisfy(
            t -> {
              assertThat(t.contentType()).isEqualTo(EmailTemplate.ContentType.HTML);
              assertThat(t.subject()).contains("{{code}}");
              assertThat(t.content()).contains("{{code}}").startsWith("<p>");
            });
  }

  @Test
  void eachFaultExpectsItsCode() {
    assertThat(Fault.REJECTED.expectedCode()).isEqualTo(ErrorCode.REJECTED);
    assertThat(Fault.REJECTED.retryable()).isFalse();
    assertThat(Fault.AUTHENTICATION_FAILED.expectedCode())
        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(Fault.AUTHENTICATION_FAILED.retryable()).isFalse();
    assertThat(Fault.RATE_LIMITED.retryable()).isTrue();
    assertThat(Fault.UNAVAILABLE.retryable()).isTrue();
    assertThat(Fault.TIMEOUT.expectedCode()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(Fault.TIMEOUT.retryable()).isTrue();
  }
}
