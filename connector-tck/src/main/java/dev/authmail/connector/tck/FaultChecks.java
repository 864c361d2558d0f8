package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.SendResult;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract's checks of error classification: each {@link Fault} the peer plays, and each
 * provider-specific fault the test declares, becomes its {@link ErrorCode} (retryable as the code
 * says, QUOTA_EXCEEDED and AUTHENTICATION_FAILED failing over), within {@code faultTimeout()},
 * without a secret in the message, and the connector recovers after it. Package-private: part of
 * {@link ConnectorContractTest}.
 */
abstract class FaultChecks extends InlineImageChecks {
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
}
