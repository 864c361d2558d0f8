package dev.authmail.runtime.testing;

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
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A test-only SMTP-like factory ({@code test-mail}, alias {@code test}) that records what it is
 * asked to send in {@link #SENT}. {@code failWith: REJECTED} makes every send fail with that code;
 * {@code leak: true} makes create() fail with a message that (wrongly) quotes the password, to
 * prove the runtime scrubs it.
 */
public final class TestMailFactory implements ConnectorFactory {
  public static final Queue<EmailRequest> SENT = new ConcurrentLinkedQueue<>();
  public static final Queue<ConnectorContext> CONTEXTS = new ConcurrentLinkedQueue<>();

  private static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string("host", k -> k.required().description("the server"))
          .integer("port", k -> k.range(1, 65535).defaultValue(587L))
          .object(
              "auth",
              ConfigSpec.builder().string("user").string("pass", k -> k.secret()).build(),
              k -> {})
          .string("fromEmail", k -> k.required())
          .string("failWith", k -> {})
          .bool("leak", k -> k.defaultValue(false))
          .build();

  @Override
  public ConnectorMetadata metadata() {
    return ConnectorMetadata.builder("test-mail")
        .alias("test")
        .target("smtp")
        .name("en", "Test mail")
        .description("en", "Records sends, for tests")
        .build();
  }

  @Override
  public ConfigSpec configSpec() {
    return SPEC;
  }

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    List<dev.authmail.connector.api.ConfigProblem> problems = new ArrayList<>();
    String from = config.requireString("fromEmail");
    if (!EmailAddress.isValid(from)) {
      problems.add(
          new dev.authmail.connector.api.ConfigProblem(
              config.path("fromEmail"), "is not an email address"));
    }
    if (config.bool("leak")) {
      String pass = config.object("auth").flatMap(a -> a.string("pass")).orElse("");
      problems.add(
          new dev.authmail.connector.api.ConfigProblem(
              config.path("host"), "refused the password " + pass));
    }
    if (!problems.isEmpty()) {
      throw ConnectorException.invalidConfig(problems);
    }
    CONTEXTS.add(context);
    ErrorCode failWith = config.string("failWith").map(ErrorCode::valueOf).orElse(null);
    return new Connector(failWith, context);
  }

  /** Sends nothing; records. */
  public static final class Connector implements EmailConnector, EmailTransport {
    private final ErrorCode failWith;
    private final ConnectorContext context;

    Connector(ErrorCode failWith, ConnectorContext context) {
      this.failWith = failWith;
      this.context = context;
    }

    @Override
    public SendResult send(EmailRequest request) {
      if (failWith != null) {
        throw new ConnectorException(failWith, "the test server said no");
      }
      SENT.add(request);
      return new SendResult("test-" + request.messageId(), context.clock().instant());
    }

    @Override
    public SendResult deliver(RenderedEmail email) {
      return new SendResult("test-transport", context.clock().instant());
    }
  }
}
