package dev.authmail.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test vector published with the Standard Webhooks libraries
 * (standard-webhooks/standard-webhooks, libraries/python/tests/test_webhooks.py {@code
 * test_sign_function} and libraries/go/webhook_test.go {@code TestWebhookSign}: the same key, id,
 * timestamp, payload and expected signature).
 */
class WebhookSignerTest {
  static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SPEC_TIMESTAMP = 1614265330;
  static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
  static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  static final String OTHER_SECRET = "whsec_7Qmd56DAfu/7K/1M/jbV0WoAi2C/Vq6IL/9NMGQFR8s=";

  @Test
  void signsTheSpecTestVector() {
    WebhookSigner signer = WebhookSigner.of(List.of(SPEC_SECRET));

    assertThat(signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD)).isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void aChangedIdTimestampOrBodyChangesTheSignature() {
    WebhookSigner signer = WebhookSigner.of(List.of(SPEC_SECRET));

    assertThat(
            List.of(
                signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJel", SPEC_TIMESTAMP, SPEC_PAYLOAD),
                signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP + 1, SPEC_PAYLOAD),
                signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, "{\"test\":2432232314}")))
        .doesNotContain(SPEC_SIGNATURE)
        .allMatch(s -> s.startsWith("v1,"));
  }

  @Test
  void rotationGivesOneSignaturePerSecretSpaceSeparatedInOrder() {
    WebhookSigner rotating = WebhookSigner.of(List.of(OTHER_SECRET, SPEC_SECRET));
    String other =
        WebhookSigner.of(List.of(OTHER_SECRET)).sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);

    String header = rotating.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);

    assertThat(header.split(" ")).containsExactly(other, SPEC_SIGNATURE);
  }

  @Test
  void onlyWhsecSecretsOf24To64BytesAreAccepted() {
    assertThat(WebhookSigner.decode(SPEC_SECRET)).get().extracting(key -> key.length).isEqualTo(24);
    assertThat(WebhookSigner.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).as("no prefix").isEmpty();
    assertThat(WebhookSigner.decode("whsec_jjWkRL577djlrpeCBUIY1Q==")).as("16 bytes").isEmpty();
    assertThat(WebhookSigner.decode("whsec_not base64!")).as("not base64").isEmpty();
    assertThat(WebhookSigner.decode("whsec_" + "A".repeat(88))).as("66 bytes").isEmpty();
    assertThatThrownBy(() -> WebhookSigner.of(List.of(SPEC_SECRET, "plain-password")))
        .hasMessageStartingWith("secret [1] must be a Standard Webhooks secret")
        .hasMessageNotContaining("plain-password");
  }

  @Test
  void toStringCountsSecretsWithoutShowingThem() {
    assertThat(WebhookSigner.of(List.of(SPEC_SECRET, OTHER_SECRET)))
        .hasToString("WebhookSigner[2 secrets]");
  }
}
