package dev.authmail.connector.logtoemail;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.FormItem;
import dev.authmail.connector.logtoemail.branding.Branding;
import dev.authmail.connector.logtoemail.remote.RemoteMailClient;
import dev.authmail.connector.logtoemail.remote.RemoteSettings;
import java.util.Optional;

/**
 * The built-in email service, id {@code logto-email} (Logto's). A tenant sets branding only ({@link
 * Branding}); the operator decides where mail goes:
 *
 * <ul>
 *   <li><b>local mode</b> (default): render the built-in templates and deliver through {@link
 *       ConnectorContext#platformTransport()} from {@link ConnectorContext#platformSender()};
 *   <li><b>remote mode</b>: when {@value RemoteSettings#ENDPOINT_ENV} is set (or an embedding host
 *       passes {@link RemoteSettings}), post each send to that hosted service.
 * </ul>
 *
 * Thread-safe; one instance per process.
 */
public final class LogtoEmailConnectorFactory implements ConnectorFactory {
  public static final String ID = "logto-email";

  /*
   * Open keys: the host's generic "unknown key" check would hide the explanation a tenant needs
   * when it tries fromEmail or html; Branding.from refuses every other key itself, with that
   * explanation.
   */
  private static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string(
              Branding.SENDER_NAME,
              k ->
                  k.description("The From display name (default \"Verification\"), e.g. \"Acme\"")
                      .form(
                          f ->
                              f.label("Sender name")
                                  .placeholder("Acme")
                                  .description(
                                      "Shown as the sender's name; the address is the platform's."
                                          + " Default: Verification. Plain text, at most 64"
                                          + " characters, no links or web addresses.")))
          .string(
              Branding.COMPANY_INFORMATION,
              k ->
                  k.description(
                          "Company name, address, postal code for the footer; several lines"
                              + " allowed")
                      .form(
                          f ->
                              f.label("Company information")
                                  .type(FormItem.Type.MultilineText)
                                  .placeholder("Acme Inc.\n1 Main Street\n12345 Springfield")
                                  .description(
                                      "Company name, address and postal code, shown in every"
                                          + " email's footer. Plain text, at most 8 lines and 500"
                                          + " characters, no links or web addresses.")))
          .string(
              Branding.APP_LOGO,
              k ->
                  k.description(
                          "An https:// logo URL, or a PNG/JPEG as base64 or data URI (at most 256"
                              + " KB)")
                      .form(
                          f ->
                              f.label("Logo")
                                  .placeholder("https://cdn.example.com/logo.png")
                                  .description(
                                      "Shown at the top of every email: an https:// URL, or an"
                                          + " uploaded PNG or JPEG (base64 or data URI) of at most"
                                          + " 256 KB.")))
          .openKeys()
          .build();

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .target(ID)
          .name("en", "Built-in email service")
          .name("ja", "組み込みメールサービス")
          .name("zh-CN", "内置邮件服务")
          .name("zh-TW", "內建郵件服務")
          .name("ko", "기본 제공 이메일 서비스")
          .name("de", "Integrierter E-Mail-Dienst")
          .name("fr", "Service d'e-mail intégré")
          .name("es", "Servicio de correo integrado")
          .name("pt-BR", "Serviço de e-mail integrado")
          .name("it", "Servizio email integrato")
          .name("ru", "Встроенный почтовый сервис")
          .name("tr", "Yerleşik e-posta hizmeti")
          .description(
              "en",
              "Sends verification emails with no provider set-up: built-in, localized templates in"
                  + " 12 languages with your branding, from the platform's shared sender address.")
          .description(
              "ja", "プロバイダーの設定なしで認証メールを送信します。12言語の組み込みテンプレートにブランド情報を反映し、プラットフォーム共通の送信元アドレスから配信します。")
          .description("zh-CN", "无需配置邮件服务商即可发送验证邮件：内置 12 种语言的模板，显示你的品牌信息，并使用平台统一的发件地址。")
          .description(
              "de",
              "Versendet Bestätigungs-E-Mails ohne Anbieter-Einrichtung: integrierte Vorlagen in 12"
                  + " Sprachen mit Ihrem Branding, von der gemeinsamen Absenderadresse der"
                  + " Plattform.")
          .description(
              "fr",
              "Envoie les e-mails de vérification sans configurer de fournisseur : modèles intégrés"
                  + " en 12 langues à vos couleurs, depuis l'adresse d'expédition commune de la"
                  + " plateforme.")
          .form(SPEC)
          .build();

  private final Optional<RemoteSettings> remote;

  /** For {@link java.util.ServiceLoader}: remote mode when the environment names an endpoint. */
  public LogtoEmailConnectorFactory() {
    this(RemoteSettings.fromEnvironment(System.getenv()));
  }

  /** For embedding hosts and tests: local mode when {@code remote} is empty. */
  public LogtoEmailConnectorFactory(Optional<RemoteSettings> remote) {
    this.remote = remote;
  }

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return SPEC;
  }

  /**
   * @throws ConnectorException INVALID_CONFIG naming each bad branding key, or, in local mode, when
   *     the host has no platform transport
   */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    Branding branding = Branding.from(config.asMap());
    if (remote.isPresent()) {
      return new RemoteLogtoEmailConnector(branding, new RemoteMailClient(remote.get(), context));
    }
    EmailTransport transport =
        context
            .platformTransport()
            .orElseThrow(
                () ->
                    new ConnectorException(
                        ErrorCode.INVALID_CONFIG,
                        "the built-in email service (logto-email) needs the platform's transport,"
                            + " and this host provides none; an operator sets platform.transport to"
                            + " an SMTP, SES or SendGrid connector (the runtime's default is the"
                            + " capture inbox), or sets "
                            + RemoteSettings.ENDPOINT_ENV
                            + " for remote mode"));
    return new LogtoEmailConnector(
        branding, transport, context.platformSender().orElse(null), context.defaultLanguage());
  }
}
