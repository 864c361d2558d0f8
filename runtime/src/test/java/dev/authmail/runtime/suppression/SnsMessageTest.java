package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text an SNS signature covers, per AWS's "Verifying the signatures of Amazon SNS messages":
 * name/value lines in name order; Subject only when present; confirmations sign SubscribeURL and
 * Token.
 */
class SnsMessageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aNotificationWithASubjectSignsItBetweenMessageIdAndTimestamp() throws Exception {
    SnsMessage m =
        SnsMessage.parse(
            JSON.readTree(
                """
                {"Type": "Notification", "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
                 "TopicArn": "arn:aws:sns:us-west-2:123456789012:MyTopic",
                 "Subject": "My First Message", "Message": "Hello world!",
                 "Timestamp": "2012-05-02T00:54:06.655Z", "SignatureVersion": "1",
                 "Signature": "EXAMPLE",
                 "SigningCertURL": "https://sns.us-west-2.amazonaws.com/\
                SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
                 "UnsubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe"}\
                """));
    assertThat(m.stringToSign())
        .isEqualTo(
            "Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
                + "Subject\nMy First Message\nTimestamp\n2012-05-02T00:54:06.655Z\n"
                + "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\nType\nNotification\n");
  }

  @Test
  void aMessageWithoutItsSignatureFieldsIsNotAnSnsMessage() {
    for (String missing : List.of("Signature", "SigningCertURL", "TopicArn")) {
      String json =
          "{\"Type\": \"Notification\", \"MessageId\": \"1\", \"TopicArn\": \"t\", \"Message\":"
              + " \"m\", \"Timestamp\": \"2012-05-02T00:54:06.655Z\", \"SignatureVersion\": \"1\","
              + " \"Signature\": \"s\", \"SigningCertURL\":"
              + " \"https://sns.us-west-2.amazonaws.com/x.pem\"}";
      String without = json.replaceAll("\"" + missing + "\": \"[^\"]*\",? ?", "");
      assertThatThrownBy(() -> SnsMessage.parse(JSON.readTree(without.replace(", }", "}"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(missing);
    }
  }

  @Test
  void onlySnsOriginsAreAllowedForCertificates() {
    SnsVerifier verifier =
        new SnsVerifier(
            SnsVerifier.AWS_ORIGINS,
            java.net.http.HttpClient.newHttpClient(),
            java.time.Clock.systemUTC());
    for (String bad :
        List.of(
            "http://sns.us-east-1.amazonaws.com/c.pem",
            "https://sns.us-east-1.amazonaws.com.evil.io/c.pem",
            "https://evil.io/sns.us-east-1.amazonaws.com/c.pem",
            "https://user@sns.us-east-1.amazonaws.com/c.pem",
            "https://sns.us-east-1.amazonaws.com:8443/c.pem")) {
      assertThatThrownBy(() -> verifier.allowed(bad, "SigningCertURL"))
          .as(bad)
          .isInstanceOf(SnsVerifier.Rejected.class);
    }
  }
}
