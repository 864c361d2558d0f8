package dev.authmail.connector.tck;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.api.template.StoredTemplates;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ConnectorContext} for tests. Its defaults differ from {@link ConnectorContext}'s where a
 * test needs them to: the clock is fixed at {@link #FIXED_NOW}, and the network policy allows
 * private addresses because test peers listen on loopback. Immutable apart from its {@link
 * InMemoryTemplates}, and thread-safe.
 *
 * <pre>{@code
 * TestContext context = TestContext.builder()
 *     .platformTransport(new CapturingTransport())
 *     .template("fr", EmailTemplate.html(UsageType.SignIn, "Code {{code}}", "<p>{{code}}</p>"))
 *     .defaultLanguage("en")
 *     .build();
 * }</pre>
 */
public final class TestContext implements ConnectorContext {
  /** Where the default clock stands: 2026-01-01T00:00:00Z. */
  public static final Instant FIXED_NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final Clock clock;
  private final String tenant;
  private final NetworkPolicy network;
  private final StoredTemplates templates;
  private final String defaultLanguage;
  private final EmailTransport platformTransport;
  private final EmailAddress platformSender;

  private TestContext(Builder b) {
    this.clock = b.clock;
    this.tenant = b.tenant;
    this.network = b.network;
    this.templates = b.templates != null ? b.templates : b.inMemory;
    this.defaultLanguage = b.defaultLanguage;
    this.platformTransport = b.platformTransport;
    this.platformSender = b.platformSender;
  }

  /** A context with every default. */
  public static TestContext create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this context's settings (sharing its stored templates). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.clock = clock;
    b.tenant = tenant;
    b.network = network;
    if (templates instanceof InMemoryTemplates inMemory) {
      b.inMemory = inMemory;
    } else {
      b.templates = templates;
    }
    b.defaultLanguage = defaultLanguage;
    b.platformTransport = platformTransport;
    b.platformSender = platformSender;
    return b;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public NetworkPolicy network() {
    return network;
  }

  @Override
  public StoredTemplates templates() {
    return templates;
  }

  /**
   * The in-memory stored templates, to {@code put} more after building.
   *
   * @throws IllegalStateException when the builder was given other {@link StoredTemplates}
   */
  public InMemoryTemplates storedTemplates() {
    if (templates instanceof InMemoryTemplates inMemory) {
      return inMemory;
    }
    throw new IllegalStateException("this context was built with its own StoredTemplates");
  }

  @Override
  public String defaultLanguage() {
    return defaultLanguage;
  }

  @Override
  public Optional<EmailTransport> platformTransport() {
    return Optional.ofNullable(platformTransport);
  }

  @Override
  public Optional<EmailAddress> platformSender() {
    return Optional.ofNullable(platformSender);
  }

  @Override
  public String toString() {
    return "TestContext[tenant="
        + tenant
        + ", clock="
        + clock
        + ", network="
        + (network.allowsPrivateAddresses() ? "private allowed" : "strict")
        + ", defaultLanguage="
        + defaultLanguage
        + "]";
  }

  /** Collects a test context's settings; not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.fixed(FIXED_NOW, ZoneOffset.UTC);
    private String tenant = "default";
    private NetworkPolicy network = NetworkPolicy.allowingPrivateAddresses();
    private StoredTemplates templates;
    private InMemoryTemplates inMemory = new InMemoryTemplates();
    private String defaultLanguage = "en";
    private EmailTransport platformTransport;
    private EmailAddress platformSender;

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock is null");
      return this;
    }

    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant is null");
      return this;
    }

    public Builder network(NetworkPolicy network) {
      this.network = Objects.requireNonNull(network, "network is null");
      return this;
    }

    /** Uses these stored templates instead of the built-in in-memory ones. */
    public Builder templates(StoredTemplates templates) {
      this.templates = Objects.requireNonNull(templates, "templates is null");
      return this;
    }

    /** Stores a template for its usage type and {@code languageTag} in the in-memory templates. */
    public Builder template(String languageTag, EmailTemplate template) {
      if (templates != null && templates != inMemory) {
        throw new IllegalStateException("templates(StoredTemplates) was set; put templates there");
      }
      inMemory.put(languageTag, template);
      return this;
    }

    public Builder defaultLanguage(String defaultLanguage) {
      this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage is null");
      return this;
    }

    /** The platform transport; {@code null} for none. */
    public Builder platformTransport(EmailTransport platformTransport) {
      this.platformTransport = platformTransport;
      return this;
    }

    /** The platform sender; {@code null} for none. */
    public Builder platformSender(EmailAddress platformSender) {
      this.platformSender = platformSender;
      return this;
    }

    /** The platform sender, parsed. */
    public Builder platformSender(String platformSender) {
      return platformSender(platformSender == null ? null : EmailAddress.parse(platformSender));
    }

    public TestContext build() {
      return new TestContext(this);
    }
  }
}
