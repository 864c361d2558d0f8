package dev.authmail.connector.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.tck.TckTemplates;
import dev.authmail.connector.tck.TestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without keys in the config the default AWS chain is used, made on the first send: creating the
 * connector does no I/O (the instance metadata service, played by a second peer, sees nothing).
 */
class SesDefaultCredentialsTest {
  private static final String[] PROPERTIES = {
    "aws.accessKeyId",
    "aws.secretAccessKey",
    "aws.ec2MetadataServiceEndpoint",
    "aws.sharedCredentialsFile",
    "aws.configFile"
  };
  private final Map<String, String> saved = new LinkedHashMap<>();
  private SesPeer ses;
  private SesPeer metadata;

  @BeforeEach
  void start() throws Exception {
    for (String p : PROPERTIES) {
      saved.put(p, System.getProperty(p));
    }
    ses = new SesPeer();
    metadata = new SesPeer();
    // no profile files, and the instance metadata service on loopback so nothing leaves the machine
    System.setProperty("aws.sharedCredentialsFile", "/nonexistent/authmail-test/credentials");
    System.setProperty("aws.configFile", "/nonexistent/authmail-test/config");
    System.setProperty("aws.ec2MetadataServiceEndpoint", metadata.endpoint());
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @AfterEach
  void stop() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
    ses.close();
    metadata.close();
  }

  @Test
  void noCredentialsAnywhereIsAnAuthenticationFailureAndNothingIsSent() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("region", "eu-central-1");
    raw.put("emailAddress", "noreply@example.com");
    raw.put("templates", TckTemplates.logtoTemplates());
    raw.put("endpoint", ses.endpoint());
    ConnectorFactory factory = new SesConnectorFactory();

    try (EmailConnector connector =
        factory.create(factory.configSpec().bind(raw), TestContext.create())) {
      ConnectorException e =
          catchThrowableOfType(
              ConnectorException.class,
              () ->
                  connector.send(
                      new EmailRequest(
                          EmailAddress.parse("a@example.com"),
                          UsageType.SignIn,
                          Payload.builder().code("1").build(),
                          "m-1")));

      assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
      assertThat(e.getMessage()).contains("accessKeyId").contains("default");
      assertThat(ses.connectionCount()).isZero();
    }
  }

  @Test
  void withoutKeysTheConnectorIsCreatedWithoutIoAndUsesTheDefaultChainOnFirstSend()
      throws Exception {
    // given a config without keys
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("region", "eu-central-1");
    raw.put("emailAddress", "noreply@example.com");
    raw.put("templates", TckTemplates.logtoTemplates());
    raw.put("endpoint", ses.endpoint());
    ConnectorFactory factory = new SesConnectorFactory();

    try (EmailConnector connector =
        factory.create(factory.configSpec().bind(raw), TestContext.create())) {
      // then creating it touched neither SES nor the metadata service
      assertThat(ses.connectionCount()).isZero();
      assertThat(metadata.connectionCount()).isZero();

      // when credentials appear in the chain after create() (system properties are one of its
      // sources)
      System.setProperty("aws.accessKeyId", "AKIDFROMCHAIN");
      System.setProperty("aws.secretAccessKey", "chain-secret");
      connector.send(
          new EmailRequest(
              EmailAddress.parse("a@example.com"),
              UsageType.SignIn,
              Payload.builder().code("1").build(),
              "m-1"));

      // then the send was signed with the chain's key
      assertThat(ses.take().getHeaders().get("Authorization"))
          .contains("Credential=AKIDFROMCHAIN/");
    }
  }
}
