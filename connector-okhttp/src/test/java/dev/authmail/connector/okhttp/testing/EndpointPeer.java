package dev.authmail.connector.okhttp.testing;

import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A customer's HTTP endpoint for the tests of HTTP-family connectors (published in this module's
 * test jar): a {@link LoopbackPeer} that answers every request with the current answer (the success
 * answer given at construction, or a {@link Fault}'s), counting what it accepted. As a {@link
 * ContractPeer} it plays the contract's faults ({@link #forFault}) and tells what it received
 * through the decoder it was made with (the endpoint's contract: where the recipient is, which
 * credentials the request must carry). Register it as a JUnit extension ({@code @RegisterExtension
 * final EndpointPeer peer = new EndpointPeer(answer, decoder);}).
 */
public final class EndpointPeer extends LoopbackPeer {
  /** Longer than any read timeout the tests configure. */
  public static final long STALL_SECONDS = 3;

  private final AtomicInteger accepted = new AtomicInteger();
  private final MockResponse success;
  private final Function<RecordedRequest, ReceivedEmail> decoder;
  private volatile MockResponse answer;
  private volatile RecordedRequest lastAccepted;

  /**
   * A peer for tests that read the requests themselves ({@link #take()}), not for the contract:
   * {@link #lastReceived()} fails.
   *
   * @param success the answer to an accepted request, e.g. 202 with a body, or 204
   */
  public EndpointPeer(MockResponse success) {
    this(
        success,
        request -> {
          throw new UnsupportedOperationException(
              "this EndpointPeer was made without a decoder; "
                  + "the contract test needs new EndpointPeer(success, decoder)");
        });
  }

  /**
   * @param success the answer to an accepted request, e.g. 202 with a body, or 204
   * @param decoder what an accepted request means to the endpoint, credentials checked
   */
  public EndpointPeer(MockResponse success, Function<RecordedRequest, ReceivedEmail> decoder) {
    super("the endpoint");
    this.success = success;
    this.answer = success;
    this.decoder = Objects.requireNonNull(decoder, "decoder is null");
  }

  @Override
  protected MockResponse dispatch(RecordedRequest request) {
    MockResponse response = answer;
    if (response.getCode() / 100 == 2 && response.getHeadersDelayNanos() == 0) {
      lastAccepted = request;
      accepted.incrementAndGet();
    }
    return response;
  }

  /** The last request that got a 2xx answer without delay, as the decoder reads it. */
  @Override
  public ReceivedEmail lastReceived() {
    RecordedRequest request = lastAccepted;
    if (request == null) {
      throw new AssertionError(name() + " accepted no request");
    }
    return decoder.apply(request);
  }

  /** Answers with {@link #forFault}'s answer from now on. */
  @Override
  public void arrangeFault(Fault fault) {
    answer(forFault(fault));
  }

  /** Answers with the success answer given at construction again. */
  @Override
  public void arrangeSuccess() {
    answer(success);
  }

  public static MockResponse status(int code) {
    return new MockResponse.Builder()
        .code(code)
        .body("{\"error\":\"status " + code + "\"}")
        .build();
  }

  public static MockResponse forFault(Fault fault) {
    return switch (fault) {
      case REJECTED -> status(422);
      case AUTHENTICATION_FAILED -> status(401);
      case RATE_LIMITED ->
          new MockResponse.Builder().code(429).setHeader("Retry-After", "30").build();
      case UNAVAILABLE -> status(503);
      case TIMEOUT ->
          new MockResponse.Builder()
              .code(202)
              .headersDelay(STALL_SECONDS, TimeUnit.SECONDS)
              .build();
    };
  }

  public void answer(MockResponse response) {
    this.answer = response;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return baseUrl() + path;
  }

  /** Requests that got a 2xx answer without delay. */
  @Override
  public int acceptedCount() {
    return accepted.get();
  }
}
