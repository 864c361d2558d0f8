package dev.authmail.runtime.preview;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.toolkit.LanguageTags;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.context.RuntimeContext;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.registry.RegistryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Renders the built-in email service's emails exactly as they would be sent, for a person to look
 * at — in the console ({@code POST /api/preview}) and on the command line ({@code authmail
 * preview}). The service is used through the SPI only: the {@code logto-email} factory from the
 * registry creates a connector with the branding as its config (checked against the factory's spec,
 * then {@code create()}), and a transport that keeps the {@link RenderedEmail} stands where the
 * operator's platform transport would be. The preview is therefore the email itself, not a
 * re-implementation that could drift from it. HTML meant for a browser is {@link
 * RenderedEmail#htmlForViewing()}: inline {@code cid:} images (an uploaded logo) as {@code data:}
 * URIs.
 *
 * <p>Thread-safe: every {@link Session} has its own connector and transport.
 */
public final class EmailPreviewer {
  public static final String SERVICE = AuthmailConfig.BUILT_IN_SERVICE;

  /**
   * Set, the service posts every send to a hosted service (its remote mode): a preview must not.
   */
  public static final String REMOTE_MODE_ENV = "AUTHMAIL_LOGTO_EMAIL_ENDPOINT";

  public static final EmailAddress SAMPLE_RECIPIENT = EmailAddress.parse("user@example.com");
  public static final String SAMPLE_CODE = "123456";
  public static final String SAMPLE_LINK =
      "https://auth.example.com/invitation/accept?token=sample";
  public static final String CONTENT_LANGUAGE = "Content-Language";

  /**
   * One rendered email, as the console shows it.
   *
   * @param from the sender address, or {@code null} when the transport would use its own
   * @param fromName the display name, or {@code null}
   * @param html the HTML part as a person sees it (inline {@code cid:} images as {@code data:}
   *     URIs, which a browser frame can show), or {@code null}
   * @param language the built-in language the service wrote it in ({@code Content-Language})
   */
  public record Preview(
      UsageType type,
      String language,
      String from,
      String fromName,
      String subject,
      String html,
      String text) {
    static Preview of(UsageType type, RenderedEmail email) {
      return new Preview(
          type,
          email.headers().get(CONTENT_LANGUAGE),
          email.from().map(EmailAddress::value).orElse(null),
          email.fromName().orElse(null),
          email.subject(),
          email.htmlForViewing().orElse(null),
          email.text());
    }
  }

  private final ConnectorRegistry registry;
  private final EmailAddress platformSender;
  private final Clock clock;
  private final Function<String, String> env;
  private volatile List<String> languages;

  /**
   * @param platformSender the operator's fixed sender address ({@code platform.fromAddress})
   */
  public EmailPreviewer(ConnectorRegistry registry, EmailAddress platformSender, Clock clock) {
    this(registry, platformSender, clock, name -> null);
  }

  /**
   * @param env the environment the runtime was given; the process's own is consulted too, since the
   *     service reads its remote mode from there
   */
  public EmailPreviewer(
      ConnectorRegistry registry,
      EmailAddress platformSender,
      Clock clock,
      Function<String, String> env) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
    this.platformSender = Objects.requireNonNull(platformSender, "platformSender is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.env = Objects.requireNonNull(env, "env is null");
  }

  /** The platform's sender address, which a tenant of the built-in service cannot change. */
  public EmailAddress platformSender() {
    return platformSender;
  }

  /**
   * Why previews are refused, or empty: with {@value #REMOTE_MODE_ENV} set the service would post
   * every email to a hosted service instead of rendering it here.
   */
  public Optional<String> refusal() {
    if (isSet(env.apply(REMOTE_MODE_ENV)) || isSet(System.getenv(REMOTE_MODE_ENV))) {
      return Optional.of(
          REMOTE_MODE_ENV
              + " is set, so the built-in service would post every email to that"
              + " hosted service instead of rendering it here; unset it to preview");
    }
    return Optional.empty();
  }

  /**
   * Renders one email of the built-in service with sample values (code {@value #SAMPLE_CODE}).
   *
   * @param branding the service's config ({@code senderName}, {@code companyInformation}, {@code
   *     appLogo}); empty for none
   * @param locale the user's language tag, or {@code null} for en; the service's language chain
   *     picks the built-in language
   * @throws ConnectorException as {@link #open(Map)}; INVALID_CONFIG naming {@code locale} when it
   *     is not a language tag
   */
  public Preview render(Map<String, ?> branding, UsageType type, String locale) {
    Objects.requireNonNull(type, "type is null");
    if (locale != null && LanguageTags.normalize(locale) == null) {
      throw ConnectorException.invalidConfig(
          "locale",
          "\"" + printable(locale) + "\" is not a language tag such as en, ja, fr-CA or zh-HK");
    }
    try (Session session = open(branding)) {
      return Preview.of(type, session.render(type, locale == null ? "en" : locale));
    }
  }

  /**
   * A connector of the built-in service with this branding, for rendering several emails.
   *
   * @param branding the service's config; {@code null} or empty for none
   * @throws ConnectorException INVALID_CONFIG listing every problem with the branding; UNAVAILABLE
   *     when the service is absent, claimed by two factories, or in remote mode ({@link
   *     #refusal()})
   */
  public Session open(Map<String, ?> branding) {
    Optional<String> refusal = refusal();
    if (refusal.isPresent()) {
      throw new ConnectorException(ErrorCode.UNAVAILABLE, refusal.get());
    }
    ConnectorFactory factory;
    try {
      factory =
          registry
              .find(SERVICE)
              .orElseThrow(
                  () ->
                      new ConnectorException(
                          ErrorCode.UNAVAILABLE,
                          "the built-in email service (" + SERVICE + ") is not on the class path"));
    } catch (RegistryException e) {
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE, "the built-in email service: " + e.getMessage(), e);
    }
    Map<String, ?> config = branding == null ? Map.of() : branding;
    List<ConfigProblem> problems = factory.configSpec().check(config);
    if (!problems.isEmpty()) {
      throw ConnectorException.invalidConfig(problems);
    }
    Keeper transport = new Keeper(clock);
    EmailConnector connector =
        factory.create(
            factory.configSpec().bind(config),
            new RuntimeContext(
                "preview", NetworkPolicy.strict(), platformSender, transport, clock));
    return new Session(connector, transport);
  }

  /**
   * The service's built-in languages, English first. Learned from the service itself, once: every
   * locale the JDK knows is sent, and the languages the emails come back in ({@code
   * Content-Language}) are the built-in ones (a tag without a built-in language falls through the
   * chain to English). Asking rather than listing keeps the runtime free of the service's internals
   * (about a thousand renders, well under a second).
   *
   * @throws ConnectorException as {@link #open(Map)}; INTERNAL when the service does not say which
   *     language it wrote
   */
  public List<String> languages() {
    List<String> known = languages;
    if (known == null) {
      TreeSet<String> found = new TreeSet<>();
      try (Session session = open(Map.of())) {
        for (Locale locale : Locale.getAvailableLocales()) {
          String tag = locale.toLanguageTag();
          if (!tag.equals("und")) {
            String language = session.render(UsageType.SignIn, tag).headers().get(CONTENT_LANGUAGE);
            if (language == null) {
              throw new ConnectorException(
                  ErrorCode.INTERNAL,
                  "the "
                      + SERVICE
                      + " connector does not say which"
                      + " language it wrote (no "
                      + CONTENT_LANGUAGE
                      + " header), so its languages cannot be listed");
            }
            found.add(language);
          }
        }
      }
      List<String> list = new ArrayList<>(found);
      list.remove("en");
      list.add(0, "en");
      known = List.copyOf(list);
      languages = known;
    }
    return known;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static String printable(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * A connector of the built-in service and the transport that keeps what it hands over. Used on
   * one thread at a time; closing closes the connector.
   */
  public static final class Session implements AutoCloseable {
    private final EmailConnector connector;
    private final Keeper transport;

    private Session(EmailConnector connector, Keeper transport) {
      this.connector = connector;
      this.transport = transport;
    }

    /**
     * The email the service hands the platform transport for this usage type and language tag, with
     * sample values: code {@value #SAMPLE_CODE}, organization Acme, inviter Alex, and for
     * OrganizationInvitation the link {@value #SAMPLE_LINK}, sent to {@code user@example.com}.
     *
     * @throws ConnectorException what the service threw; INTERNAL when it handed over nothing
     */
    public RenderedEmail render(UsageType type, String tag) {
      Payload payload =
          Payload.builder()
              .code(SAMPLE_CODE)
              .link(type == UsageType.OrganizationInvitation ? SAMPLE_LINK : null)
              .organization(Map.of("name", "Acme"))
              .inviter(Map.of("name", "Alex"))
              .locale(tag)
              .build();
      connector.send(
          new EmailRequest(
              SAMPLE_RECIPIENT, type, payload, "preview-" + type.wireName() + "-" + tag));
      return transport
          .take()
          .orElseThrow(
              () ->
                  new ConnectorException(
                      ErrorCode.INTERNAL,
                      "the "
                          + SERVICE
                          + " connector returned without handing an email to the platform"
                          + " transport"));
    }

    @Override
    public void close() {
      try {
        connector.close();
      } catch (Exception e) {
        // nothing was opened for a preview; a failing close changes nothing the person sees
      }
    }
  }

  /** Stands where the platform transport would be and keeps the email instead of delivering it. */
  private static final class Keeper implements EmailTransport {
    private final Clock clock;
    private RenderedEmail last;

    Keeper(Clock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized SendResult deliver(RenderedEmail email) {
      last = email;
      return new SendResult(null, clock.instant());
    }

    synchronized Optional<RenderedEmail> take() {
      RenderedEmail email = last;
      last = null;
      return Optional.ofNullable(email);
    }
  }
}
