package dev.authmail.connector.logtoemail.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.branding.Branding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvitationLinkTest {
  @ParameterizedTest(name = "accepted: {0}")
  @ValueSource(
      strings = {
        "https://auth.example.com/invite?token=abc",
        "http://localhost:3001/invite/abc",
        "http://127.0.0.1/invite",
        "HTTPS://Auth.Example.com/x"
      })
  void httpsAndLocalHttpAreAccepted(String link) {
    assertThat(InvitationLink.check(link)).isNotBlank();
  }

  @ParameterizedTest(name = "refused: {0}")
  @ValueSource(
      strings = {
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "http://example.com/invite",
        "data:text/html;base64,PHNjcmlwdD4=",
        "/relative/invite",
        "//example.com/invite",
        "ftp://example.com/x",
        "https://user:pw@example.com/",
        "https://example.com/a b",
        "vbscript:msgbox",
        "http://localhost.evil.test/"
      })
  void everythingElseIsRefused(String link) {
    assertThatThrownBy(() -> InvitationLink.check(link))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageStartingWith("payload.link ");
  }

  @Test
  void rendererRefusesAnUnsafeInvitationLinkBeforeRendering() {
    EmailModel model =
        new EmailModel(
            UsageType.OrganizationInvitation,
            "en",
            null,
            "javascript:alert(1)",
            "Acme",
            null,
            Branding.none(),
            10);

    assertThatThrownBy(() -> EmailRenderer.shared().render(model))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageContaining("javascript: scheme");
  }

  @Test
  void linkIsNeverRenderedForOtherUsageTypes() {
    EmailContent content =
        EmailRenderer.shared()
            .render(
                new EmailModel(
                    UsageType.SignIn,
                    "en",
                    "123456",
                    "https://phish.example.com/",
                    null,
                    null,
                    Branding.none(),
                    10));

    assertThat(content.html()).doesNotContain("phish", "href");
    assertThat(content.text()).doesNotContain("phish");
  }

  @Test
  void codeEmailWithoutCodeIsRefused() {
    assertThatThrownBy(
            () ->
                EmailRenderer.shared()
                    .render(
                        new EmailModel(
                            UsageType.SignIn, "en", " ", null, null, null, Branding.none(), 10)))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessage("payload.code is required for SignIn emails");
  }

  @Test
  void tenantAndPayloadTextIsEscaped() {
    // the sender name may not hold < or > at all (issue 11, item 10); its & and quotes are escaped
    Branding branding =
        Branding.from(
            java.util.Map.of(
                "senderName",
                "\"Acme\" & Sons",
                "companyInformation",
                "\"Acme\" & <Sons>",
                "appLogo",
                "https://cdn.example.com/l.png?a=1&b=2"));
    EmailContent content =
        EmailRenderer.shared()
            .render(
                new EmailModel(
                    UsageType.OrganizationInvitation,
                    "en",
                    null,
                    "https://auth.example.com/i?t=1",
                    "<img src=x onerror=alert(1)>",
                    "Eve",
                    branding,
                    10));

    assertThat(content.html())
        .doesNotContain("<Sons>", "<img src=x", "\"Acme\" & Sons")
        .contains(
            "&quot;Acme&quot; &amp; Sons",
            "&quot;Acme&quot; &amp; &lt;Sons&gt;",
            "&lt;img src=x onerror=alert(1)&gt;",
            "src=\"https://cdn.example.com/l.png?a=1&amp;b=2\"");
  }
}
