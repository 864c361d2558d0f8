package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.RenderedEmail;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract's check of inline images: a transport delivers an email's {@code cid:} image as a
 * part the provider received, with its bytes, or refuses the email with {@link
 * ErrorCode#INVALID_REQUEST}; dropping it silently fails. Package-private: part of {@link
 * ConnectorContractTest}.
 */
abstract class InlineImageChecks extends SendChecks {
  private static final String INLINE_IMAGE_ID = "logo@tck.authmail";

  /** A real 1×1 PNG, so a peer that decodes images accepts it too. */
  private static final String ONE_PIXEL_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQz98C"
          + "AAHzAUMBh4NgAAAAAElFTkSuQmCC";

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
}
