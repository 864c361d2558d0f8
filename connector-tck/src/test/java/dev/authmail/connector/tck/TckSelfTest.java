package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.authmail.connector.tck.reference.InMemoryPeer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Proves that the TCK catches a broken connector: the contract runs (through JUnit's engine test
 * kit) against a connector that shows its API key in toString(), and exactly that check fails.
 */
class TckSelfTest {
  @Test
  void contractFailsForAConnectorThatShowsItsSecret() {
    // when
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(LeakyContract.class))
            .execute()
            .testEvents();

    // then
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("secretsAreNotShown"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("connector toString()")
                                && m.contains("<SECRET>")
                                && !m.contains(ReferenceConnectorContractTest.API_KEY)))));
    assertThat(tests.failed().count()).as("failed contract tests").isEqualTo(1);
    assertThat(tests.succeeded().count()).as("passed contract tests").isGreaterThan(10);
  }

  @Test
  void contractFailsWhenAFaultMapsToTheWrongCode() {
    // when: the peer answers 503 where the contract expects a rejection
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(MisclassifiedContract.class))
            .execute()
            .testEvents();

    // then
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("faultMapsToErrorCode"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("error code after REJECTED")
                                && m.contains("UNAVAILABLE")))));
    assertThat(tests.failed().count()).as("failed contract tests").isEqualTo(1);
  }

  @Test
  void aTransportThatRefusesInlineImagesWithInvalidRequestPassesTheContract() {
    // when
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(ImagelessContract.class))
            .execute()
            .testEvents();

    // then
    tests
        .assertThatEvents()
        .haveExactly(1, event(test("deliversOrRefusesInlineImages"), finishedSuccessfully()));
    assertThat(tests.failed().count()).as("failed contract tests").isZero();
  }

  @Test
  void contractFailsForATransportThatRefusesInlineImagesWithAnotherCode() {
    // when
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(RejectingImagesContract.class))
            .execute()
            .testEvents();

    // then
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("deliversOrRefusesInlineImages"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("error code of a refused inline image")
                                && m.contains("REJECTED")))));
    assertThat(tests.failed().count()).as("failed contract tests").isEqualTo(1);
  }

  @Test
  void contractFailsForAConnectorThatDropsItsCredentials() {
    Events tests = run(NoCredentialsContract.class);

    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("sendIsAccepted"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                "the provider received the credentials of validConfig(), and they"
                                    + " were correct")))));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("deliversRenderedEmail"),
                finishedWithFailure(message(m -> m.contains("credentials")))));
    assertThat(tests.failed().count()).as("failed contract tests").isEqualTo(2);
  }

  @Test
  void contractFailsForAConnectorThatDropsTheHtmlBody() {
    Events tests = run(NoHtmlContract.class);

    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("sendIsAccepted"),
                finishedWithFailure(message(m -> m.contains("HTML body the provider received")))));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("deliversRenderedEmail"),
                finishedWithFailure(message(m -> m.contains("HTML body the provider received")))));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("deliversOrRefusesInlineImages"),
                finishedWithFailure(
                    message(m -> m.contains("inline images the provider received")))));
    assertThat(tests.failed().count()).as("failed contract tests").isEqualTo(3);
  }

  @Test
  void contractFailsForATransportThatDropsInlineImagesSilently() {
    Events tests = run(DropsImagesContract.class);

    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("deliversOrRefusesInlineImages"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("inline images the provider received")
                                && m.contains("INVALID_REQUEST")))));
    assertThat(tests.failed().count()).as("failed contract tests").isEqualTo(1);
  }

  @Test
  void contractFailsForAConnectorThatMisclassifiesABodyLevelFault() {
    Events tests = run(IgnoresErrorBodyContract.class);

    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("declaredFaultsMapToTheirCodes"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("error code after the declared fault out of credits")
                                && m.contains("REJECTED")))));
    assertThat(tests.failed().count()).as("failed contract tests").isEqualTo(1);
  }

  @Test
  void theReferenceConnectorPassesTheDeclaredFaultAndTheNestedNumberChecks() {
    Events tests = run(ReferenceConnectorContractTest.class);

    tests
        .assertThatEvents()
        .haveExactly(1, event(test("declaredFaultsMapToTheirCodes"), finishedSuccessfully()));
    tests
        .assertThatEvents()
        .haveExactly(1, event(test("nonNumericIntegerIsNamed"), finishedSuccessfully()));
    assertThat(tests.failed().count()).as("failed contract tests").isZero();
  }

  private static Events run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(contract))
        .execute()
        .testEvents();
  }

  /** Sends without its API key. */
  static class NoCredentialsContract extends ReferenceConnectorContractTest {
    @Override
    protected String factoryId() {
      return "tck-no-credentials";
    }
  }

  /** Sends the text part only. */
  static class NoHtmlContract extends ReferenceConnectorContractTest {
    @Override
    protected String factoryId() {
      return "tck-no-html";
    }
  }

  /** Drops inline images without a word. */
  static class DropsImagesContract extends ReferenceConnectorContractTest {
    @Override
    protected String factoryId() {
      return "tck-drops-images";
    }
  }

  /** Classifies by status only. */
  static class IgnoresErrorBodyContract extends ReferenceConnectorContractTest {
    @Override
    protected String factoryId() {
      return "tck-ignores-error-body";
    }
  }

  /** The reference connector as a transport that refuses inline images with INVALID_REQUEST. */
  static class ImagelessContract extends ReferenceConnectorContractTest {
    @Override
    protected String factoryId() {
      return "tck-imageless";
    }
  }

  /** The reference connector as a transport that refuses inline images with REJECTED. */
  static class RejectingImagesContract extends ReferenceConnectorContractTest {
    @Override
    protected String factoryId() {
      return "tck-imageless-rejecting";
    }
  }

  /** The reference connector, whose test peer answers "unavailable" when told to reject. */
  static class MisclassifiedContract extends ReferenceConnectorContractTest {
    @Override
    protected void arrangeFault(Fault fault) {
      super.arrangeFault(fault == Fault.REJECTED ? Fault.UNAVAILABLE : fault);
    }
  }

  /** The contract against the leaky connector; nested so that Surefire does not run it directly. */
  static class LeakyContract extends PeerContractTest {
    private InMemoryPeer peer;

    @BeforeEach
    void startPeer() {
      peer = InMemoryPeer.start(ReferenceConnectorContractTest.API_KEY);
    }

    @AfterEach
    void stopPeer() {
      peer.close();
    }

    @Override
    protected String factoryId() {
      return "tck-leaky";
    }

    @Override
    protected Map<String, Object> validConfig() {
      return ReferenceConnectorContractTest.configFor(peer);
    }

    @Override
    protected Set<String> secretValues() {
      return Set.of(ReferenceConnectorContractTest.API_KEY);
    }

    @Override
    protected ContractPeer peer() {
      return peer;
    }
  }
}
