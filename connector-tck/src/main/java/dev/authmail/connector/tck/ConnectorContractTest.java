package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every connector keeps, as a JUnit 5 test class a connector module's test extends.
 *
 * <p>It checks: discovery through {@link ServiceLoader}; metadata validity; that {@code
 * validConfig()} passes the connector's {@link ConfigSpec}; that config errors name their key; that
 * {@code create()} does no network I/O; a successful send and (when the connector is an {@link
 * EmailTransport}) delivery, also of an email with an inline image (or its refusal with {@link
 * ErrorCode#INVALID_REQUEST}); that what the provider received ({@link #lastReceived()}) carries
 * the right credentials, recipient, subject, both bodies, sender, reply-to and inline images; that
 * each {@link Fault} and each provider-specific {@linkplain #declaredFaults() declared fault} maps
 * to the right {@link ErrorCode} and that the connector recovers after it; concurrent sends; an
 * idempotent {@code close()}; that no secret shows in {@code toString()} or exception messages; and
 * {@code verify()}.
 *
 * <p>The subclass owns a test peer (MockWebServer, GreenMail, a socket server…), started per test
 * in {@code @BeforeEach} or by a JUnit extension, and answers the abstract hooks from it.
 * Capabilities default to supported: a connector opts out of one explicitly ({@link
 * #supportsVerify()}, {@link #unsupportedFaults()}…), and the tests that need it are then skipped
 * with a message saying so.
 *
 * <p>How a third party uses it: depend on {@code dev.authmail:connector-tck} in test scope, then
 *
 * <pre>{@code
 * class AcmeConnectorContractTest extends ConnectorContractTest {
 *   private final MockWebServer server = new MockWebServer();
 *
 *   @BeforeEach void start() throws IOException {
 *     server.start(InetAddress.getLoopbackAddress(), 0);
 *   }
 *   @AfterEach void stop() { server.close(); }
 *
 *   @Override protected String factoryId() { return "acme"; }
 *   @Override protected Map<String, Object> validConfig() {
 *     return Map.of("endpoint", server.url("/send").toString(), "apiKey", "acme-secret-key",
 *         "fromEmail", "noreply@example.com", "timeoutMillis", 1000);
 *   }
 *   @Override protected Set<String> secretValues() { return Set.of("acme-secret-key"); }
 *   @Override protected void arrangeFault(Fault fault) {
 *     server.setDispatcher(... answer 400 / 401 / 429 / 503, or never, per fault ...);
 *   }
 *   @Override protected void arrangeSuccess() { server.setDispatcher(... answer 202 ...); }
 *   @Override protected int acceptedCount() { return acceptedRequests.get(); }
 *   @Override protected int connectionCount() { return server.getRequestCount(); }
 *   // what the provider got, credentials checked
 *   @Override protected ReceivedEmail lastReceived() {
 *     String authorization = last.getHeaders().get("Authorization");
 *     return ReceivedEmail.builder()
 *         .credentialsValid("Bearer acme-secret-key".equals(authorization))
 *         .to(...).from(...).subject(...).html(...).text(...).build();
 *   }
 *   @Override protected boolean supportsTransport() { return false; } // not an EmailTransport
 * }
 * }</pre>
 *
 * <p>When the peer itself can play each fault and count what it accepted, let it implement {@link
 * ContractPeer} and extend {@link PeerContractTest} instead: the four peer hooks are then answered
 * by the peer.
 *
 * <p>Keep timeouts in {@code validConfig()} short (1–2 s) so the {@link Fault#TIMEOUT} test is
 * quick, and make secret values distinctive strings, since the test looks for them in text. Each
 * test creates its own connector(s) and closes them afterwards; {@link #arrangeFault} is called
 * after the connector was created and before the failing send.
 *
 * <p>Over 400 lines because a connector author extends one class and sees every check of the
 * contract in it (send, transport, errors, received request, secrets, config spec); splitting the
 * checks into groups an author composes is open work (issue 15).
 */
public abstract class ConnectorContractTest {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final String RECIPIENT = "tck.recipient@example.com";
  private static final String CODE = "482913";
  private static final String REPLY_TO = "tck.reply@example.com";
  private static final String INLINE_IMAGE_ID = "logo@tck.authmail";

  /** A real 1×1 PNG, so a peer that decodes images accepts it too. */
  private static final String ONE_PIXEL_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQz98C"
          + "AAHzAUMBh4NgAAAAAElFTkSuQmCC";

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

  // ---------------------------------------------------------------- discovery and metadata

  @Test
  @DisplayName(
      "exactly one factory with the id is found through ServiceLoader, with a public no-arg"
          + " constructor")
  void discoveredThroughServiceLoader() {
    List<ServiceLoader.Provider<ConnectorFactory>> matching = new ArrayList<>();
    ServiceLoader.load(ConnectorFactory.class).stream()
        .forEach(
            provider -> {
              ConnectorFactory factory;
              try {
                factory = provider.get();
              } catch (ServiceConfigurationError e) {
                return; // another module's broken provider is not this connector's problem
              }
              if (factoryId().equals(factory.id())) {
                matching.add(provider);
              }
            });
    assertThat(matching)
        .as(
            "ConnectorFactory providers with id \"%s\" (META-INF/services/%s)",
            factoryId(), ConnectorFactory.class.getName())
        .hasSize(1);
    Class<? extends ConnectorFactory> type = matching.get(0).type();
    assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", type.getName()).isTrue();
    assertThatCode(
            () -> {
              if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                throw new NoSuchMethodException("constructor is not public");
              }
            })
        .as("%s has a public no-argument constructor", type.getName())
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("metadata: id, English name and description, well-formed aliases")
  void metadataIsValid() {
    ConnectorFactory factory = factory();
    ConnectorMetadata metadata = factory.metadata();
    assertThat(metadata.id()).as("metadata id").isEqualTo(factoryId());
    assertThat(factory.id()).as("factory id").isEqualTo(factoryId());
    assertThat(metadata.target()).as("target").isNotBlank();
    assertThat(metadata.name().get("en")).as("English name").isNotBlank();
    assertThat(metadata.description().get("en")).as("English description").isNotBlank();
    Set<String> seen = new HashSet<>();
    for (String alias : metadata.aliases()) {
      assertThat(alias).as("alias").matches(ID);
      assertThat(alias).as("alias differs from the id").isNotEqualTo(metadata.id());
      assertThat(seen.add(alias)).as("alias %s listed once", alias).isTrue();
    }
    assertThat(factory.configSpec()).as("configSpec() is constant").isNotNull();
  }

  // ---------------------------------------------------------------- configuration

  @Test
  @DisplayName("validConfig() passes the config spec")
  void validConfigPassesSpec() {
    ConfigSpec spec = factory().configSpec();
    assertThat(spec.check(validConfig())).as("problems with validConfig()").isEmpty();
    assertThatCode(() -> spec.bind(validConfig())).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("removing a required key gives an error naming it")
  void missingRequiredKeyIsNamed() {
    ConfigSpec spec = factory().configSpec();
    List<ConfigKey> required = spec.keys().stream().filter(ConfigKey::required).toList();
    assumeFalse(required.isEmpty(), "the config spec has no required keys");
    for (ConfigKey key : required) {
      Map<String, Object> config = new LinkedHashMap<>(validConfig());
      config.remove(key.name());
      assertConfigErrorNames(spec, config, key.name());
    }
  }

  @Test
  @DisplayName(
      "a non-numeric value for a number key, also a nested one (timeout.read), gives an error"
          + " naming it")
  void nonNumericIntegerIsNamed() {
    ConfigSpec spec = factory().configSpec();
    List<String> numbers = new ArrayList<>();
    numberPaths(spec, "", numbers);
    assumeFalse(numbers.isEmpty(), "the config spec has no number keys");
    for (String path : numbers) {
      Map<String, Object> config = new LinkedHashMap<>(validConfig());
      putAt(config, path.split("\\."), "not-a-number");
      assertConfigErrorNames(spec, config, path);
    }
  }

  /**
   * The paths of the number keys of {@code spec}, nested objects included ({@code timeout.read}).
   */
  private static void numberPaths(ConfigSpec spec, String prefix, List<String> out) {
    for (ConfigKey key : spec.keys()) {
      if (key.type() == ConfigKey.Type.INTEGER) {
        out.add(prefix + key.name());
      } else if (key.type() == ConfigKey.Type.OBJECT && key.fields() != null) {
        numberPaths(key.fields(), prefix + key.name() + ".", out);
      }
    }
  }

  /** Sets {@code value} at {@code path} in {@code config}, copying the nested maps on the way. */
  @SuppressWarnings("unchecked")
  private static void putAt(Map<String, Object> config, String[] path, Object value) {
    Map<String, Object> level = config;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = level.get(path[i]);
      Map<String, Object> copy =
          next instanceof Map<?, ?> m
              ? new LinkedHashMap<>((Map<String, Object>) m)
              : new LinkedHashMap<>();
      level.put(path[i], copy);
      level = copy;
    }
    level.put(path[path.length - 1], value);
  }

  @Test
  @DisplayName("an unknown key is refused, naming it")
  void unknownKeyIsRefused() {
    ConfigSpec spec = factory().configSpec();
    assumeFalse(spec.openKeys(), "the config spec accepts any key (openKeys)");
    Map<String, Object> config = new LinkedHashMap<>(validConfig());
    config.put("noSuchKey", "x");
    assertConfigErrorNames(spec, config, "noSuchKey");
  }

  @Test
  @DisplayName("create() refuses each semantically invalid config, naming its key")
  void semanticallyInvalidConfigsAreRefused() {
    Map<String, Map<String, Object>> invalid = semanticallyInvalidConfigs();
    assumeFalse(invalid.isEmpty(), "semanticallyInvalidConfigs() is empty");
    ConnectorFactory factory = factory();
    for (Map.Entry<String, Map<String, Object>> entry : invalid.entrySet()) {
      String key = entry.getKey();
      ConfigSpec spec = factory.configSpec();
      assertThat(spec.check(entry.getValue()))
          .as(
              "the config for %s should pass the spec (semanticallyInvalidConfigs are refused by"
                  + " create())",
              key)
          .isEmpty();
      Throwable thrown =
          catchThrowable(
              () -> {
                EmailConnector connector = factory.create(spec.bind(entry.getValue()), context());
                connector.close();
              });
      assertThat(thrown)
          .as("create() with an invalid %s", key)
          .isInstanceOf(ConnectorException.class);
      ConnectorException e = (ConnectorException) thrown;
      assertThat(e.code()).as("code of the error for %s", key).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.getMessage()).as("message of the error for %s", key).contains(key);
      assertNoSecret("create() error for " + key, e.getMessage());
    }
  }

  private void assertConfigErrorNames(ConfigSpec spec, Map<String, Object> config, String path) {
    List<ConfigProblem> problems = spec.check(config);
    assertThat(problems).extracting(ConfigProblem::path).as("problem paths").contains(path);
    Throwable thrown = catchThrowable(() -> spec.bind(config));
    assertThat(thrown).as("bind() with a bad %s", path).isInstanceOf(ConnectorException.class);
    ConnectorException e = (ConnectorException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains(path);
    assertNoSecret("config error for " + path, e.getMessage());
  }

  // ---------------------------------------------------------------- sending

  @Test
  @DisplayName("create() does no network I/O")
  void createDoesNoNetworkIo() {
    assumeTrue(
        supportsConnectionCount(),
        "the test does not count connections (supportsConnectionCount() is false)");
    int before = connectionCount();
    newConnector();
    assertThat(connectionCount())
        .as("connections seen by the peer after create()")
        .isEqualTo(before);
  }

  @Test
  @DisplayName("a SignIn email with a code is accepted")
  void sendIsAccepted() {
    EmailConnector connector = newConnector();
    int before = acceptedCount();
    SendResult result = connector.send(signInRequest());
    assertThat(result).as("send() result").isNotNull();
    assertThat(result.acceptedAt()).as("acceptedAt").isNotNull();
    awaitAccepted(before + 1);
    ReceivedEmail received = lastReceived();
    assertCredentialsAndRecipient(received);
    assertThat(received.allText())
        .as("what the provider received (%s) holds the code", received)
        .contains(CODE);
    if (received.content() == null) {
      // rendered content: the HTML template and the text part derived from it both went out
      assertThat(received.html()).as("HTML body the provider received").isNotNull().contains(CODE);
      assertThat(received.text()).as("text body the provider received").isNotNull().contains(CODE);
      assertThat(received.subject()).as("subject the provider received").isNotBlank();
      assertThat(received.from()).as("sender the provider received").isNotBlank();
    }
  }

  private void assertCredentialsAndRecipient(ReceivedEmail received) {
    assertThat(received.credentialsValid())
        .as("the provider received the credentials of validConfig(), and they were correct")
        .isTrue();
    assertThat(received.to())
        .as("recipient the provider received")
        .isEqualToIgnoringCase(RECIPIENT);
  }

  @Test
  @DisplayName("as an EmailTransport, it delivers a rendered email with HTML and text")
  void deliversRenderedEmail() {
    EmailTransport transport = newTransport();
    int before = acceptedCount();
    RenderedEmail email =
        codeEmail("tck-transport-")
            .html("<p>Your code is <strong>" + CODE + "</strong></p>")
            .build();
    SendResult result = transport.deliver(email);
    assertThat(result).as("deliver() result").isNotNull();
    assertThat(result.acceptedAt()).as("acceptedAt").isNotNull();
    awaitAccepted(before + 1);
    ReceivedEmail received = lastReceived();
    assertCredentialsAndRecipient(received);
    assertThat(received.subject()).as("subject the provider received").isEqualTo(email.subject());
    assertThat(received.html())
        .as("HTML body the provider received")
        .isNotNull()
        .contains("<strong>" + CODE + "</strong>");
    assertThat(received.text())
        .as("text body the provider received")
        .isNotNull()
        .contains(email.text());
    assertThat(received.from()).as("sender the provider received").isNotBlank().contains("@");
    assertThat(received.replyTo())
        .as("reply-to the provider received")
        .isEqualToIgnoringCase(REPLY_TO);
  }

  @Test
  @DisplayName(
      "as an EmailTransport, it delivers an email with an inline image, or refuses it with"
          + " INVALID_REQUEST")
  void deliversOrRefusesInlineImages() {
    EmailTransport transport = newTransport();
    int before = acceptedCount();
    RenderedEmail email =
        codeEmail("tck-inline-")
            .html(
                "<p><img src=\"cid:"
                    + INLINE_IMAGE_ID
                    + "\" alt=\"Acme\" width=\"1\" height=\"1\"></p>"
                    + "<p>Your code is <strong>"
                    + CODE
                    + "</strong></p>")
            .inlineImage(
                INLINE_IMAGE_ID, InlineImage.PNG, Base64.getDecoder().decode(ONE_PIXEL_PNG))
            .build();
    Throwable thrown = catchThrowable(() -> transport.deliver(email));
    if (thrown == null) {
      awaitAccepted(before + 1);
      // delivered: the image must have gone out as a part the provider can show, not been dropped
      ReceivedEmail received = lastReceived();
      assertThat(received.inlineImages())
          .as(
              "inline images the provider received (by content id); a transport "
                  + "that cannot send them must refuse the email with INVALID_REQUEST")
          .containsKey(INLINE_IMAGE_ID);
      assertThat(received.inlineImages().get(INLINE_IMAGE_ID))
          .as("the inline image's bytes")
          .isEqualTo(Base64.getDecoder().decode(ONE_PIXEL_PNG));
      assertThat(received.html())
          .as("HTML body the provider received")
          .contains("cid:" + INLINE_IMAGE_ID);
      return;
    }
    // EmailTransport: a transport that cannot send inline images refuses the email rather than
    // dropping them
    assertThat(thrown)
        .as("what deliver() threw for an email with an inline image")
        .isInstanceOf(ConnectorException.class);
    ConnectorException e = (ConnectorException) thrown;
    assertThat(e.code())
        .as("error code of a refused inline image (message: %s)", e.getMessage())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
    assertNoSecret("inline image refusal message", e.getMessage());
    assertThat(acceptedCount())
        .as("messages the peer accepted after the refusal")
        .isEqualTo(before);
  }

  /** A connector from {@link #validConfig()} as a transport; skips the test when it is none. */
  private EmailTransport newTransport() {
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
  private RenderedEmail.Builder codeEmail(String messageIdPrefix) {
    return RenderedEmail.builder()
        .to(EmailAddress.parse(RECIPIENT))
        .subject("Your code is " + CODE)
        .text("Your code is " + CODE)
        .replyTo(EmailAddress.parse(REPLY_TO))
        .type(UsageType.Generic)
        .messageId(messageIdPrefix + messageIds.incrementAndGet());
  }

  @ParameterizedTest(name = "{0} maps to its error code, then the connector recovers")
  @EnumSource(Fault.class)
  void faultMapsToErrorCode(Fault fault) {
    assumeFalse(unsupportedFaults().contains(fault), fault + " is in unsupportedFaults()");
    EmailConnector connector = newConnector();
    arrangeFault(fault);
    Throwable thrown =
        assertTimeoutPreemptively(
            faultTimeout(),
            () -> catchThrowable(() -> connector.send(signInRequest())),
            () ->
                "send() did not end within "
                    + faultTimeout()
                    + " after "
                    + fault
                    + "; configure a finite timeout");
    assertThat(thrown)
        .as("what send() threw after %s", fault)
        .isInstanceOf(ConnectorException.class);
    ConnectorException e = (ConnectorException) thrown;
    assertThat(e.code())
        .as("error code after %s (message: %s)", fault, e.getMessage())
        .isEqualTo(fault.expectedCode());
    assertThat(e.retryable()).as("retryable() after %s", fault).isEqualTo(fault.retryable());
    assertNoSecret(fault + " exception message", e.getMessage());
    assertNoSecret(fault + " exception toString()", e.toString());

    arrangeSuccess();
    int before = acceptedCount();
    SendResult result =
        assertTimeoutPreemptively(
            faultTimeout(),
            () -> connector.send(signInRequest()),
            () ->
                "send() after "
                    + fault
                    + " and arrangeSuccess() did not end within "
                    + faultTimeout());
    assertThat(result.acceptedAt()).as("acceptedAt after recovery from %s", fault).isNotNull();
    awaitAccepted(before + 1);
  }

  @TestFactory
  @DisplayName(
      "each declared (body-level) fault maps to its code; QUOTA_EXCEEDED and AUTHENTICATION_FAILED"
          + " fail over")
  Stream<DynamicTest> declaredFaultsMapToTheirCodes() {
    Map<String, ErrorCode> declared = new TreeMap<>(declaredFaults());
    return declared.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey() + " -> " + entry.getValue(),
                    () -> {
                      String name = entry.getKey();
                      ErrorCode expected = entry.getValue();
                      EmailConnector connector = newConnector();
                      arrangeDeclaredFault(name);
                      Throwable thrown =
                          assertTimeoutPreemptively(
                              faultTimeout(),
                              () -> catchThrowable(() -> connector.send(signInRequest())),
                              () ->
                                  "send() did not end within "
                                      + faultTimeout()
                                      + " after the declared fault "
                                      + name);
                      assertThat(thrown)
                          .as("what send() threw after the declared fault %s", name)
                          .isInstanceOf(ConnectorException.class);
                      ConnectorException e = (ConnectorException) thrown;
                      assertThat(e.code())
                          .as(
                              "error code after the declared fault %s (message: %s)",
                              name, e.getMessage())
                          .isEqualTo(expected);
                      assertThat(e.retryable())
                          .as("retryable() after the declared fault %s", name)
                          .isEqualTo(expected.retryable());
                      if (expected == ErrorCode.QUOTA_EXCEEDED
                          || expected == ErrorCode.AUTHENTICATION_FAILED) {
                        assertThat(e.code().failsOver())
                            .as("the outbox fails over to the next connector after %s", name)
                            .isTrue();
                      }
                      assertNoSecret(
                          "declared fault " + name + " exception message", e.getMessage());
                      arrangeSuccess();
                      int before = acceptedCount();
                      connector.send(signInRequest());
                      awaitAccepted(before + 1);
                    }));
  }

  @Test
  @DisplayName("concurrent sends: 8 threads x 5 sends, all accepted")
  void concurrentSends() throws Exception {
    assumeTrue(
        supportsConcurrentSends(),
        "the peer cannot take concurrent sends (supportsConcurrentSends() is false)");
    int threads = 8;
    int perThread = 5;
    EmailConnector connector = newConnector();
    int before = acceptedCount();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<SendResult>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<SendResult> results = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    results.add(connector.send(signInRequest()));
                  }
                  return results;
                }));
      }
      start.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int sent = 0;
      for (Future<List<SendResult>> future : futures) {
        List<SendResult> results =
            future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        for (SendResult result : results) {
          assertThat(result.acceptedAt()).isNotNull();
          sent++;
        }
      }
      assertThat(sent).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    awaitAccepted(before + threads * perThread);
  }

  @Test
  @DisplayName("close() is idempotent and does not throw")
  void closeIsIdempotent() {
    EmailConnector connector = newConnector();
    connector.send(signInRequest());
    assertThatCode(
            () -> {
              connector.close();
              connector.close();
            })
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("verify() succeeds against the healthy peer")
  void verifySucceeds() {
    assumeTrue(
        supportsVerify(),
        "the connector's verify() does not check the peer (supportsVerify() is false)");
    EmailConnector connector = newConnector();
    assertThatCode(connector::verify).doesNotThrowAnyException();
  }

  // ---------------------------------------------------------------- secrets

  @Test
  @DisplayName("no secret in toString() of the connector or config, nor in the masked config")
  void secretsAreNotShown() {
    assumeFalse(secretValues().isEmpty(), "secretValues() is empty");
    ConnectorFactory factory = factory();
    for (String secret : secretValues()) {
      assertThat(validConfig().toString())
          .as("validConfig() contains the secret values of secretValues()")
          .contains(secret);
    }
    ConnectorConfig config = factory.configSpec().bind(validConfig());
    assertNoSecret("ConnectorConfig.toString()", config.toString());
    assertNoSecret("ConnectorConfig.masked()", String.valueOf(config.masked()));
    assertNoSecret(
        "configSpec().mask(validConfig())",
        String.valueOf(factory.configSpec().mask(validConfig())));
    assertNoSecret("factory toString()", factory.toString());
    EmailConnector connector = newConnector();
    assertNoSecret("connector toString()", connector.toString());
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

  private void awaitAccepted(int expected) {
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
