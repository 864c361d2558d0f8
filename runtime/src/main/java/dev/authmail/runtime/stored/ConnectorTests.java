package dev.authmail.runtime.stored;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.toolkit.LanguageTags;
import dev.authmail.runtime.api.InvalidInput;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logto's connector test: before a configuration is saved, send one {@code Generic} email with the
 * code {@value #TEST_CODE} through it. The connector is built exactly as a stored one is (the same
 * checks, the tenant's runtime context with its stored templates and platform transport) and its
 * own {@code send} is called, so what arrives is what production would send. The instance is closed
 * afterwards; nothing is stored. Thread-safe.
 */
public final class ConnectorTests {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorTests.class);

  /** The code every test email carries, as Logto's. */
  public static final String TEST_CODE = "000000";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final StoredConnectors connectors;

  public ConnectorTests(StoredConnectors connectors) {
    this.connectors = Objects.requireNonNull(connectors, "connectors is null");
  }

  /**
   * Sends the test email.
   *
   * @param config the configuration to try; secrets may be the mask when {@code connectorId} names
   *     the stored connector whose secrets to use
   * @param locale the language to render in, or {@code null} for the tenant's default
   * @throws InvalidInput when {@code email} or {@code locale} is malformed
   * @throws ConnectorException INVALID_CONFIG listing configuration problems, or the send's failure
   *     with its code
   */
  public SendResult send(
      String tenant,
      String factoryName,
      Map<String, Object> config,
      String email,
      String locale,
      String connectorId) {
    EmailAddress to;
    try {
      to = EmailAddress.parse(email);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInput(
          "email",
          email == null
              ? "is required: the address to send the test email to"
              : "is not a valid email address");
    }
    if (locale != null && LanguageTags.normalize(locale) == null) {
      throw new InvalidInput(
          "locale", "is not a language tag; use BCP 47, e.g. \"en\" or \"fr-CA\"");
    }
    ConnectorBuilder builder = connectors.builder();
    ConnectorFactory factory = builder.factory(factoryName);
    Map<String, Object> raw =
        connectors.forTest(tenant, factory, config == null ? Map.of() : config, connectorId);
    Payload.Builder payload = Payload.builder().code(TEST_CODE);
    if (locale != null) {
      payload.locale(locale);
    }
    String messageId = "test-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    try (EmailConnector connector = builder.build(tenant, factory, raw)) {
      SendResult result =
          connector.send(new EmailRequest(to, UsageType.Generic, payload.build(), messageId));
      LOG.info(
          "test send {} through factory {} for tenant {} delivered",
          messageId,
          factory.id(),
          tenant);
      return result;
    } catch (ConnectorException e) {
      LOG.info(
          "test send {} through factory {} for tenant {} failed: {}",
          messageId,
          factory.id(),
          tenant,
          e.code());
      throw e; // built by ConnectorBuilder: its secrets are already out of the message
    } catch (RuntimeException e) {
      LOG.warn(
          "test send {} through factory {} threw {}",
          messageId,
          factory.id(),
          e.getClass().getName());
      throw new ConnectorException(
          dev.authmail.connector.api.ErrorCode.INTERNAL,
          "the connector failed unexpectedly with " + e.getClass().getSimpleName(),
          e);
    }
  }
}
