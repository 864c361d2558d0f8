package dev.authmail.connector.tck;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import java.util.ServiceLoader;

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
 * <p>The checks live in groups, one class each, which this class inherits: the hooks and shared
 * helpers ({@code ContractHooks}), discovery, metadata, config and secrets ({@code ConfigChecks}),
 * sending and delivering ({@code SendChecks}), inline images ({@code InlineImageChecks}) and error
 * classification ({@code FaultChecks}). An author extends this class alone, as before.
 */
public abstract class ConnectorContractTest extends FaultChecks {}
