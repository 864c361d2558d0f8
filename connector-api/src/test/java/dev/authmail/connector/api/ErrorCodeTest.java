package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
  @Test
  void eachCodeIsExactlyOneOfRetryableTheMessagesFaultOrAFailover() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable))
        .containsExactly(ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT);
    assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::blamesMessage))
        .containsExactly(
            ErrorCode.INVALID_REQUEST, ErrorCode.TEMPLATE_NOT_FOUND, ErrorCode.REJECTED);
    assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::failsOver))
        .containsExactly(
            ErrorCode.INVALID_CONFIG,
            ErrorCode.AUTHENTICATION_FAILED,
            ErrorCode.QUOTA_EXCEEDED,
            ErrorCode.INTERNAL);
  }
}
