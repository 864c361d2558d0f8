package dev.authmail.connector.logtoemail.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.support.Images;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailPreviewTest {
  @Test
  void rendersWithSampleValuesAndBranding() {
    EmailPreview.Result result =
        EmailPreview.render(UsageType.SignIn, "zh-HK", Map.of("senderName", "Acme"));

    assertThat(result.language()).isEqualTo("zh-TW");
    assertThat(result.fromName()).isEqualTo("Acme");
    assertThat(result.subject()).isEqualTo("你的登入驗證碼");
    assertThat(result.html()).contains(EmailPreview.SAMPLE_CODE);
    assertThat(result.text()).contains(EmailPreview.SAMPLE_CODE);
  }

  @Test
  void invitationPreviewShowsTheSampleLinkAndNames() {
    EmailPreview.Result result =
        EmailPreview.render(UsageType.OrganizationInvitation, null, Map.of());

    assertThat(result.language()).isEqualTo("en");
    assertThat(result.fromName()).isEqualTo("Verification");
    assertThat(result.subject()).isEqualTo("You're invited to join Acme");
    assertThat(result.text())
        .contains("Alex has invited you to join Acme.", EmailPreview.SAMPLE_LINK);
  }

  @Test
  void anUploadedLogoIsInThePreviewAsADataUriForTheBrowser() {
    EmailPreview.Result result =
        EmailPreview.render(
            UsageType.SignIn,
            "en",
            Map.of("appLogo", "data:image/png;base64," + Images.PNG_BASE64));

    assertThat(result.html())
        .contains("<img src=\"data:image/png;base64," + Images.PNG_BASE64 + "\"")
        .doesNotContain("cid:");
  }

  @Test
  void badBrandingIsRefusedAsInTheConnector() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                EmailPreview.render(UsageType.SignIn, "en", Map.of("senderName", "www.acme.test")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).startsWith("senderName: URL is not allowed in sender name");
  }
}
