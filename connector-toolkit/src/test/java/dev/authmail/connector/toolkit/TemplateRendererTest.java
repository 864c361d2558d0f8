package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.api.template.StoredTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
  /** Stored templates whose subject says where they came from. */
  private final Map<String, EmailTemplate> stored = new ConcurrentHashMap<>();

  private final List<EmailTemplate> config = new ArrayList<>();

  private final ConnectorContext context =
      new ConnectorContext() {
        @Override
        public StoredTemplates templates() {
          return (type, tag) ->
              Optional.ofNullable(stored.get(type + "/" + tag.toLowerCase(Locale.ROOT)));
        }

        @Override
        public String defaultLanguage() {
          return "de";
        }
      };

  private void store(UsageType type, String tag) {
    stored.put(
        type + "/" + tag.toLowerCase(Locale.ROOT),
        EmailTemplate.html(type, "stored " + type + " " + tag, "<p>{{code}}</p>"));
  }

  private void configure(UsageType type) {
    config.add(EmailTemplate.text(type, "config " + type, "code {{code}}"));
  }

  private String chosen(UsageType type) {
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("jane@example.com"),
            type,
            Payload.builder().code("123456").locale("fr-CA").build(),
            "m-1");
    return TemplateRenderer.render(request, config, context).subject();
  }

  /** Fills every level of the lookup; each step then removes the best one and checks the next. */
  @Test
  void looksUpInLogtosOrder() {
    configure(UsageType.SignIn);
    configure(UsageType.Generic);
    store(UsageType.Generic, "de");
    store(UsageType.Generic, "fr");
    store(UsageType.Generic, "fr-CA");
    store(UsageType.SignIn, "de");
    store(UsageType.SignIn, "fr");
    store(UsageType.SignIn, "fr-CA");

    assertThat(chosen(UsageType.SignIn)).isEqualTo("stored SignIn fr-CA");
    stored.remove("SignIn/fr-ca");
    assertThat(chosen(UsageType.SignIn)).isEqualTo("stored SignIn fr");
    stored.remove("SignIn/fr");
    assertThat(chosen(UsageType.SignIn)).isEqualTo("stored SignIn de");
    stored.remove("SignIn/de");
    assertThat(chosen(UsageType.SignIn)).isEqualTo("stored Generic fr-CA");
    stored.remove("Generic/fr-ca");
    assertThat(chosen(UsageType.SignIn)).isEqualTo("stored Generic fr");
    stored.remove("Generic/fr");
    assertThat(chosen(UsageType.SignIn)).isEqualTo("stored Generic de");
    stored.remove("Generic/de");
    assertThat(chosen(UsageType.SignIn)).isEqualTo("config SignIn");
    config.remove(0);
    assertThat(chosen(UsageType.SignIn)).isEqualTo("config Generic");
    config.clear();

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> chosen(UsageType.SignIn));
    assertThat(e.code()).isEqualTo(ErrorCode.TEMPLATE_NOT_FOUND);
    assertThat(e.code().wireCode()).isEqualTo("template_not_found");
    assertThat(e.getMessage()).contains("SignIn").contains("Generic");
  }

  @Test
  void renderEmailMakesTheEmailForTheRequest() {
    config.add(
        new EmailTemplate(
            UsageType.SignIn,
            EmailTemplate.ContentType.HTML,
            "Code {{code}}",
            "<p>Your code is <b>{{code}}</b></p>",
            "help+{{code}}@example.com",
            "{{org}} Support"));
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("jane@example.com"),
            UsageType.SignIn,
            Payload.builder().code("123456").locale("fr-CA").put("org", "Acme").build(),
            "m-7");

    RenderedEmail email = TemplateRenderer.renderEmail(request, config, context);

    assertThat(email.to()).isEqualTo(EmailAddress.parse("jane@example.com"));
    assertThat(email.subject()).isEqualTo("Code 123456");
    assertThat(email.html()).contains("<p>Your code is <b>123456</b></p>");
    assertThat(email.text()).isEqualTo("Your code is 123456");
    assertThat(email.fromName()).contains("Acme Support");
    assertThat(email.replyTo()).contains(EmailAddress.parse("help+123456@example.com"));
    assertThat(email.from()).as("the sender address is the transport's").isEmpty();
    assertThat(email.messageId()).contains("m-7");
    assertThat(email.type()).contains(UsageType.SignIn);
    assertThat(email.inlineImages()).isEmpty();
  }

  @Test
  void aLinkThatIsNotHttpInAnHrefIsNeutralizedWhateverConnectorRendersIt() {
    config.add(
        new EmailTemplate(
            UsageType.OrganizationInvitation,
            EmailTemplate.ContentType.HTML,
            "Join",
            "<a href=\"{{link}}\">Join</a> <a href='{{ link }}'>again</a> <a href={{link}}>bare</a>"
                + " <img src=\"{{link}}\"> <p>{{link}}</p> <a"
                + " href=\"https://x.example/{{link}}\">fixed</a>",
            null,
            null));
    for (String evil :
        List.of(
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)")) {
      RenderedEmail email =
          TemplateRenderer.renderEmail(
              new EmailRequest(
                  EmailAddress.parse("jane@example.com"),
                  UsageType.OrganizationInvitation,
                  Payload.builder().link(evil).build(),
                  "m-9"),
              config,
              context);

      assertThat(email.html().orElseThrow())
          .as(evil)
          .startsWith(
              "<a href=\"#\">Join</a> <a href='#'>again</a> <a href=#>bare</a> "
                  + "<img src=\"#\">")
          .doesNotContain("href=\"" + evil);
    }
    RenderedEmail good =
        TemplateRenderer.renderEmail(
            new EmailRequest(
                EmailAddress.parse("jane@example.com"),
                UsageType.OrganizationInvitation,
                Payload.builder().link("https://auth.example.com/i?t=1&u=2").build(),
                "m-10"),
            config,
            context);
    assertThat(good.html().orElseThrow())
        .startsWith("<a href=\"https://auth.example.com/i?t=1&amp;u=2\">Join</a>");
  }

  @Test
  void renderEmailWithoutReplyToOrSendFromLeavesThemToTheTransport() {
    configure(UsageType.Generic);

    RenderedEmail email =
        TemplateRenderer.renderEmail(
            new EmailRequest(
                EmailAddress.parse("jane@example.com"),
                UsageType.SignIn,
                Payload.builder().code("123456").build(),
                "m-8"),
            config,
            context);

    assertThat(email.subject()).isEqualTo("config Generic");
    assertThat(email.html()).isEmpty();
    assertThat(email.text()).isEqualTo("code 123456");
    assertThat(email.fromName()).isEmpty();
    assertThat(email.replyTo()).isEmpty();
    assertThat(email.type()).contains(UsageType.SignIn);
  }

  @Test
  void aTemplateReplyToThatIsNoAddressIsAConfigError() {
    config.add(
        new EmailTemplate(
            UsageType.Generic,
            EmailTemplate.ContentType.TEXT,
            "s",
            "c",
            "support at example",
            null));
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("jane@example.com"),
            UsageType.SignIn,
            Payload.builder().code("123456").build(),
            "m-9");

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> TemplateRenderer.renderEmail(request, config, context));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("replyTo").doesNotContain("jane@example.com");
  }

  @Test
  void renderEmailWithoutAnyTemplateIsTemplateNotFound() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                TemplateRenderer.renderEmail(
                    new EmailRequest(
                        EmailAddress.parse("jane@example.com"),
                        UsageType.Register,
                        Payload.builder().code("1").build(),
                        "m-10"),
                    config,
                    context));

    assertThat(e.code()).isEqualTo(ErrorCode.TEMPLATE_NOT_FOUND);
  }

  @Test
  void aStoredTemplateInAnotherLanguageIsNotUsed() {
    store(UsageType.SignIn, "ja");
    configure(UsageType.Generic);

    assertThat(chosen(UsageType.SignIn)).isEqualTo("config Generic");
  }

  @Test
  void rendersHtmlEscapedAndLeavesTheTextToTheEmail() {
    EmailTemplate template =
        new EmailTemplate(
            UsageType.SignIn,
            EmailTemplate.ContentType.HTML,
            "Code {{code}} for {{user.name}}",
            "<p>Hi {{user.name}}, your code is <b>{{code}}</b></p>",
            "{{user.email}}",
            " {{org}} ");

    TemplateRenderer.Rendered rendered =
        TemplateRenderer.render(
            template,
            Map.of(
                "code",
                "123456",
                "user",
                Map.of("name", "<Jane>", "email", "jane@example.com"),
                "org",
                "Acme"),
            "en");

    assertThat(rendered.subject()).isEqualTo("Code 123456 for <Jane>");
    assertThat(rendered.html()).isEqualTo("<p>Hi &lt;Jane&gt;, your code is <b>123456</b></p>");
    assertThat(rendered.text()).isNull(); // the email derives it: one HTML-to-text rule
    assertThat(
            RenderedEmail.builder()
                .to(EmailAddress.parse("jane@example.com"))
                .subject(rendered.subject())
                .html(rendered.html())
                .text(rendered.text())
                .build()
                .text())
        .isEqualTo("Hi <Jane>, your code is 123456");
    assertThat(rendered.replyTo()).isEqualTo("jane@example.com");
    assertThat(rendered.sendFrom()).isEqualTo("Acme");
    assertThat(rendered.languageTag()).isEqualTo("en");
  }

  @Test
  void aTextTemplateIsNotEscapedAndHasNoHtml() {
    TemplateRenderer.Rendered rendered =
        TemplateRenderer.render(
            EmailTemplate.text(UsageType.Generic, "s", "a & b {{code}}"),
            Map.of("code", "<1>"),
            null);

    assertThat(rendered.html()).isNull();
    assertThat(rendered.text()).isEqualTo("a & b <1>");
  }

  @Test
  void aSubjectStaysOnOneLineWhateverThePayloadHolds() {
    TemplateRenderer.Rendered rendered =
        TemplateRenderer.render(
            EmailTemplate.text(UsageType.Generic, "Hi {{name}}", "x"),
            Map.of("name", "Jane\r\nBcc: evil@example.com"),
            null);

    assertThat(rendered.subject()).isEqualTo("Hi Jane Bcc: evil@example.com");
  }

  @Test
  void aSubjectWithAnyControlCharacterFromThePayloadStillMakesAnEmail() {
    TemplateRenderer.Rendered rendered =
        TemplateRenderer.render(
            EmailTemplate.text(UsageType.Generic, "Hi {{name}}", "x"),
            Map.of("name", "Jane\u0085Doe\u009bX\u0000"),
            null);

    assertThat(rendered.subject()).isEqualTo("Hi Jane Doe X ");
    dev.authmail.connector.api.RenderedEmail email =
        dev.authmail.connector.api.RenderedEmail.builder()
            .to(EmailAddress.parse("jane@example.com"))
            .subject(rendered.subject())
            .text(rendered.text())
            .build();
    assertThat(email.subject()).isEqualTo(rendered.subject());
  }

  @Test
  void aLineBreakIsAProblemOnlyWhereTheChosenTemplatePutsItIntoAHeader() {
    config.add(
        new EmailTemplate(
            UsageType.SignIn,
            EmailTemplate.ContentType.HTML,
            "Code for {{ user.name }}",
            "<p>{{user.profile.address.formatted}}</p>",
            null,
            "{{organization.name}}"));
    Map<String, Object> values =
        Map.of(
            "code",
            "1",
            "user",
            Map.of(
                "name",
                "Jane\nDoe",
                "profile",
                Map.of("address", Map.of("formatted", "1 Main St\nSpringfield"))),
            "organization",
            Map.of("name", "Acme\r\nBcc: x@example.com"));
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("jane@example.com"), UsageType.SignIn, Payload.of(values), "m-1");

    assertThat(TemplateRenderer.headerProblems(request, config, context))
        .extracting(p -> p.path())
        .containsExactly("payload.user.name", "payload.organization.name");
    assertThat(TemplateRenderer.renderEmail(request, config, context).html())
        .contains("<p>1 Main St<br>Springfield</p>");
  }

  @Test
  void aMultiLineValueOnlyInTheBodyIsNoProblem() {
    configure(UsageType.SignIn);
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("jane@example.com"),
            UsageType.SignIn,
            Payload.of(Map.of("code", "1", "note", "a\nb")),
            "m-1");

    assertThat(TemplateRenderer.headerProblems(request, config, context)).isEmpty();
  }
}
