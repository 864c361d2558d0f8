// tag::config[]
package com.example.acme;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.okhttp.HttpTimeouts;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.net.URI;
import java.util.List;

/**
 * The settings of an Acme Mail connector, read once when it is created.
 *
 * @param apiKey the Acme API key, sent as {@code Authorization: Bearer}
 * @param fromEmail the sender, a domain verified at Acme
 * @param templates Logto-style templates by usage type
 * @param endpoint the API base URL
 * @param timeouts connect, read, write and call timeouts ({@code timeout.read}…)
 */
record AcmeConfig(
    String apiKey,
    EmailAddress fromEmail,
    List<EmailTemplate> templates,
    URI endpoint,
    HttpTimeouts timeouts) {
  static final String DEFAULT_ENDPOINT = "https://api.acme-mail.example";

  static final ConfigSpec SPEC =
      HttpTimeouts.declare(
              ConfigSpec.builder()
                  .string(
                      "apiKey",
                      k ->
                          k.required()
                              .secret()
                              .description("an Acme API key with send access")
                              .form(f -> f.label("API Key")))
                  .string(
                      "fromEmail",
                      k ->
                          k.required()
                              .description(
                                  "a sender on a verified domain, e.g. noreply@example.com")
                              .form(f -> f.label("From Email").placeholder("noreply@example.com")))
                  .objects(
                      "templates",
                      ConfigTemplates.ENTRY,
                      k ->
                          k.required()
                              .description(
                                  "[{usageType, contentType, subject, content}] as Logto's email"
                                      + " connectors take them")
                              .form(f -> f.label("Templates")))
                  .string(
                      "endpoint",
                      k ->
                          k.defaultValue(DEFAULT_ENDPOINT)
                              .destination()
                              .description("the API base URL")
                              .form(f -> f.label("API Base URL"))))
          .build();

  /** Semantic checks the spec cannot make, every problem at once, each naming its key. */
  static AcmeConfig from(ConnectorConfig config, NetworkPolicy network) {
    ConfigProblems problems = new ConfigProblems();
    EmailAddress from = problems.collect(() -> config.address("fromEmail").orElse(null));
    URI endpoint =
        problems.collect(
            () ->
                network.checkEndpoint(
                    config.path("endpoint"), config.string("endpoint").orElse(DEFAULT_ENDPOINT)));
    List<EmailTemplate> templates =
        problems.collect(() -> ConfigTemplates.from(config, "templates"));
    problems.throwIfAny();
    return new AcmeConfig(
        config.requireString("apiKey"), from, templates, endpoint, HttpTimeouts.from(config));
  }

  /** Never shows the API key. */
  @Override
  public String toString() {
    return "AcmeConfig[fromEmail="
        + fromEmail
        + ", endpoint="
        + endpoint
        + ", timeouts="
        + timeouts
        + "]";
  }
}
// end::config[]
