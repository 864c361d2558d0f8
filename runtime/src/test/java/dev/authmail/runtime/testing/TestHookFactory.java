package dev.authmail.runtime.testing;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.SendResult;

/** A test-only HTTP-like factory ({@code test-hook}) whose connector is not an EmailTransport. */
public final class TestHookFactory implements ConnectorFactory {
  @Override
  public ConnectorMetadata metadata() {
    return ConnectorMetadata.builder("test-hook")
        .name("en", "Test hook")
        .description("en", "Posts nowhere")
        .build();
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder()
        .string("endpoint", k -> k.required())
        .string("token", k -> k.secret())
        .build();
  }

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return request -> new SendResult("hook-" + request.messageId(), context.clock().instant());
  }
}
