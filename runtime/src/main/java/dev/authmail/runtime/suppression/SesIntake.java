package dev.authmail.runtime.suppression;

import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon SES bounce and complaint notifications delivered by an SNS HTTPS subscription: a message
 * is believed once its SNS signature verifies ({@link SnsVerifier}). The first confirmed
 * subscription binds the intake to its topic; messages of other topics are refused, since any AWS
 * account can sign SNS messages. Each recipient of an SNS MessageId is one event. Thread-safe.
 */
final class SesIntake implements EventIntake {
  private static final Logger LOG = LoggerFactory.getLogger(SesIntake.class);

  /** Logto's id of the SES connector factory. */
  static final String FACTORY = "aws-ses-mail";

  private final SuppressionList list;
  private final SnsVerifier verifier;

  SesIntake(SuppressionList list, SnsVerifier verifier) {
    this.list = Objects.requireNonNull(list, "list is null");
    this.verifier = Objects.requireNonNull(verifier, "verifier is null");
  }

  @Override
  public String provider() {
    return "ses";
  }

  @Override
  public String factoryId() {
    return FACTORY;
  }

  @Override
  public String summary() {
    return "Amazon SES bounces and complaints through an SNS HTTPS subscription";
  }

  @Override
  public String description() {
    return "Subscribe this URL to the SNS topic of the SES identity's (or configuration set's)"
        + " bounce and complaint notifications. The SNS signature (SignatureVersion 1 or 2) is"
        + " verified with a certificate fetched only from https://sns.<region>.amazonaws.com; the"
        + " subscription is confirmed automatically and binds the intake to its topic. Permanent"
        + " bounces and complaints suppress the address; other bounces are recorded only.";
  }

  @Override
  public Received receive(Request request) throws Rejected {
    // SNS posts JSON with Content-Type text/plain; body() parses it whatever the type
    SnsMessage message;
    try {
      message = SnsMessage.parse(request.http().body());
      verifier.verify(message);
    } catch (IllegalArgumentException | SnsVerifier.Rejected e) {
      throw new Rejected("the SNS message is not signed by Amazon SNS: " + e.getMessage());
    }
    String tenant = request.tenant();
    String connector = request.connector();
    return switch (message.type()) {
      case SnsMessage.SUBSCRIPTION_CONFIRMATION -> {
        // the first confirmed topic is the intake's: another account's topic must not be able to
        // subscribe to (and suppress for) this tenant
        if (list.topic(tenant, connector).filter(t -> !t.equals(message.topicArn())).isPresent()) {
          throw new Rejected(
              "this intake is bound to another SNS topic; unbind it with DELETE /api/events/ses/"
                  + tenant
                  + "/"
                  + connector
                  + "/topic to subscribe a new one");
        }
        try {
          verifier.confirm(message);
        } catch (SnsVerifier.Rejected e) {
          throw ApiErrors.unavailable("The subscription could not be confirmed: " + e.getMessage());
        }
        list.bindTopic(tenant, connector, message.topicArn());
        LOG.info(
            "confirmed the SNS subscription of topic {} for tenant {} connector {}",
            message.topicArn(),
            tenant,
            connector);
        yield new Received(message.type(), List.of());
      }
      case SnsMessage.NOTIFICATION -> {
        if (!list.topic(tenant, connector).map(message.topicArn()::equals).orElse(false)) {
          throw new Rejected(
              "the notification's topic is not the one this intake's subscription confirmed");
        }
        yield new Received(message.type(), events(message));
      }
      default -> new Received(message.type(), List.of());
    };
  }

  private static List<ProviderEvent> events(SnsMessage message) {
    List<SesEvents.Event> events;
    try {
      events = SesEvents.parse(ApiJson.mapper(), message.message());
    } catch (IllegalArgumentException e) {
      throw ApiErrors.invalidInput(
          "The SNS notification is not an SES notification: " + e.getMessage());
    }
    // one SNS message, several recipients: each its own id, so a redelivery counts none twice
    List<ProviderEvent> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.add(
          new ProviderEvent(
              events.get(i).address(),
              events.get(i).reason(),
              "sns:" + message.messageId() + "#" + i));
    }
    return out;
  }
}
