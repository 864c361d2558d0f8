package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;

/**
 * The part of {@link ConnectorContractTest} a connector's test answers: the hooks (the peer, the
 * config, the capabilities) and the helpers every group of checks shares (a connector made from
 * {@link #validConfig()}, a request, a transport, waiting for the peer, looking for secrets).
 * Package-private: a connector's test extends {@link ConnectorContractTest}, which inherits these.
 */
abstract class ContractHooks {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  static final String RECIPIENT = "tck.recipient@example.com";
  static final String CODE = "482913";
  static final String REPLY_TO = "tck.reply@example.com";

  private final List<EmailConnector> opened = new ArrayList<>();
  private final AtomicInteger messageIds = new AtomicInteger();

  // ---------------------------------------------------------------- hooks

  /** The id of the factory under test, e.g. {@code simple-mail-transfer-protocol}. */
  protected abstract String factoryId();

  /**
   * A JSON-shaped config (as it would be read from a config file) that points at the test's peer; a
   * fresh map each call. Use short timeouts (1–2 s).
   */
  protected abstract Map<String, Object> validConfig();

  /** The secret values in {@link #validConfig()}: passwords, API keys, signing secrets. */
  protected abstract Set<String> secretValues();

  /** Makes the peer fail the next send(s) with {@code fault}, until {@link #arrangeSuccess()}. */
  protected abstract void arrangeFault(Fault fault);

  /** Makes the peer accept sends again after {@link #arrangeFault}. */
  protected void arrangeSuccess() {}

  /** How many messages the peer accepted so far. */
  protected abstract int acceptedCount();

  /**
   * How many connections (or requests) the peer has seen so far. Override it, or opt out with
   * {@link #supportsConnectionCount()}.
   */
  protected int connectionCount() {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " must override connectionCount() or return false from supportsConnectionCount()");
  }

  /**
   * The last message the peer accepted, decoded from what reached it (required): the contract
   * checks the credentials, recipient, subject, bodies, sender, reply-to and inline images in it.
   */
  protected abstract ReceivedEmail lastReceived();

  /**
   * Provider-specific failures the connector classifies from the answer's body (a 422 whose body
   * says "out of credits" → {@code QUOTA_EXCEEDED}), by name, with the code each must become; each
   * is checked with {@link #arrangeDeclaredFault}. Empty by default.
   */
  protected Map<String, ErrorCode> declaredFaults() {
    return Map.of();
  }

  /**
   * Makes the peer fail the next send(s) with the declared fault {@code name}, until {@link
   * #arrangeSuccess()}.
   */
  protected void arrangeDeclaredFault(String name) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " declares "
            + name
            + " in declaredFaults() but does not override arrangeDeclaredFault()");
  }

  /** The context connectors are created with; by default a fresh {@link TestContext}. */
  protected ConnectorContext context() {
    return TestContext.create();
  }

  /**
   * Configs that pass the {@link ConfigSpec} but that {@code create()} must refuse, by the key path
   * its {@code INVALID_CONFIG} error must name (e.g. {@code "fromEmail" -> config with fromEmail
   * "not an address"}).
   */
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    return Map.of();
  }

  /** Faults the peer cannot produce or the connector cannot tell apart; empty by default. */
  protected Set<Fault> unsupportedFaults() {
    return Set.of();
  }

  /** Whether the connector implements {@link EmailTransport}. */
  protected boolean supportsTransport() {
    return true;
  }

  /** Whether {@link EmailConnector#verify()} checks the peer (and so must succeed against it). */
  protected boolean supportsVerify() {
    return true;
  }

  /** Whether the peer can take concurrent sends. */
  protected boolean supportsConcurrentSends() {
    return true;
  }

  /** Whether {@link #connectionCount()} is implemented. */
  protected boolean supportsConnectionCount() {
    return true;
  }

  /** The longest a failing send may take before the fault test fails; 30 s by default. */
  protected Duration faultTimeout() {
    return Duration.ofSeconds(30);
  }

  /** How long to wait for {@link #acceptedCount()} to catch up after a send; 5 s by default. */
  protected Duration acceptanceWait() {
    return Duration.ofSeconds(5);
  }

  // ---------------------------------------------------------------- helpers for subclasses

  /** The factory under test, found through {@link ServiceLoader}. */
  protected final ConnectorFactory factory() {
    List<ConnectorFactory> found = discover();
    if (found.isEmpty()) {
      fail(
          "no ConnectorFactory with id \""
              + factoryId()
              + "\" found through ServiceLoader; add its class name to "
              + "src/main/resources/META-INF/services/"
              + ConnectorFactory.class.getName());
    }
    return found.get(0);
  }

  /**
   * Binds {@code raw} against the factory's spec and creates a connector, closed after the test.
   */
  protected final EmailConnector newConnector(Map<String, Object> raw) {
    ConnectorFactory factory = factory();
    EmailConnector connector = factory.create(factory.configSpec().bind(raw), context());
    assertThat(connector).as("create() result").isNotNull();
    synchronized (opened) {
      opened.add(connector);
    }
    return connector;
  }

  /** A connector made from {@link #validConfig()}, closed after the test. */
  protected final EmailConnector newConnector() {
    return newConnector(validConfig());
  }

  /**
   * A SignIn request with a code, to {@code tck.recipient@example.com}, with a fresh message id.
   */
  protected EmailRequest signInRequest() {
    return new EmailRequest(
        EmailAddress.parse(RECIPIENT),
        UsageType.SignIn,
        Payload.builder().code(CODE).locale("en").build(),
        "tck-" + messageIds.incrementAndGet());
  }

  @AfterEach
  void closeConnectors() {
    List<EmailConnector> toClose;
    synchronized (opened) {
      toClose = new ArrayList<>(opened);
      opened.clear();
    }
    for (EmailConnector connector : toClose) {
      try {
        connector.close();
      } catch (RuntimeException e) {
        // close() must never throw; closeIsIdempotent reports it
      }
    }
  }

  final void assertCredentialsAndRecipient(ReceivedEmail received) {
    assertThat(received.credentialsValid())
        .as("the provider received the credentials of validConfig(), and they were correct")
        .isTrue();
    assertThat(received.to())
        .as("recipient the provider received")
        .isEqualToIgnoringCase(RECIPIENT);
  }

  /** A connector from {@link #validConfig()} as a transport; skips the test when it is none. */
  final EmailTransport newTransport() {
    assumeTrue(
        supportsTransport(),
        "the connector is not an EmailTransport (supportsTransport() is false)");
    EmailConnector connector = newConnector();
    assertThat(connector).as("connector").isInstanceOf(EmailTransport.class);
    return (EmailTransport) connector;
  }

  /**
   * A Generic email with the code as subject and text, and a fresh message id; the HTML is the
   * caller's.
   */
  final RenderedEmail.Builder codeEmail(String messageIdPrefix) {
    return RenderedEmail.builder()
        .to(EmailAddress.parse(RECIPIENT))
        .subject("Your code is " + CODE)
        .text("Your code is " + CODE)
        .replyTo(EmailAddress.parse(REPLY_TO))
        .type(UsageType.Generic)
        .messageId(messageIdPrefix + messageIds.incrementAndGet());
  }

  /** Fails when {@code text} contains any of {@link #secretValues()}. */
  protected final void assertNoSecret(String where, String text) {
    if (text == null) {
      return;
    }
    for (String secret : secretValues()) {
      if (secret != null && !secret.isEmpty()) {
        assertThat(text.contains(secret))
            .as(
                "%s contains a secret value (%d characters) from secretValues(): %s",
                where, secret.length(), text.replace(secret, "<SECRET>"))
            .isFalse();
      }
    }
  }

  // ---------------------------------------------------------------- internals

  private List<ConnectorFactory> discover() {
    List<ConnectorFactory> found = new ArrayList<>();
    ServiceLoader.load(ConnectorFactory.class).stream()
        .forEach(
            provider -> {
              try {
                ConnectorFactory factory = provider.get();
                if (factoryId().equals(factory.id())) {
                  found.add(factory);
                }
              } catch (ServiceConfigurationError e) {
                // reported by discoveredThroughServiceLoader when it is ours
              }
            });
    return found;
  }

  final void awaitAccepted(int expected) {
    long deadline = System.nanoTime() + acceptanceWait().toNanos();
    while (acceptedCount() < expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertThat(acceptedCount()).as("messages the peer accepted").isEqualTo(expected);
  }
}
