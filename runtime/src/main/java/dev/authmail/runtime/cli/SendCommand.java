package dev.authmail.runtime.cli;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.toolkit.LanguageTags;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigException;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.context.ConnectorInstances.Instance;
import dev.authmail.runtime.storage.StorageException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authmail send}: one email, now, straight through a connector (no outbox yet): the tenant's
 * primary connector, or the one named with {@code --connector}.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sends one email now, directly through a connector: the tenant's first connector, or the one"
          + " named with --connector. Prints the message id and the provider's message id.",
      "Exits 0 when the provider accepted it; 1 when the send failed (the error code and reason go"
          + " to stderr); 2 when an option or the configuration is wrong (nothing is sent)."
    })
final class SendCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The configuration file (YAML or JSON). Without it: the embedded defaults "
              + "(the built-in service delivering to the capture inbox).")
  Path config;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "ADDR",
      description = "The recipient's email address.")
  String to;

  @Option(
      names = "--type",
      required = true,
      paramLabel = "USAGE",
      description =
          "The usage type: Register, SignIn, ForgotPassword, Generic, OrganizationInvitation, "
              + "UserPermissionValidation, BindNewIdentifier, MfaVerification or BindMfa.")
  String type;

  @Option(
      names = "--code",
      paramLabel = "CODE",
      description = "The one-time code (needed unless --link is given).")
  String code;

  @Option(
      names = "--locale",
      paramLabel = "TAG",
      description = "The user's language tag, e.g. fr-CA.")
  String locale;

  @Option(
      names = "--link",
      paramLabel = "URL",
      description = "A link for the email (invitations, magic links).")
  String link;

  @Option(
      names = "--connector",
      paramLabel = "NAME",
      description =
          "Send through this connector (a name under connectors) instead of the tenant's first.")
  String connector;

  @Option(
      names = "--tenant",
      paramLabel = "NAME",
      defaultValue = AuthmailConfig.DEFAULT_TENANT,
      description = "The tenant whose connectors to use. Default: ${DEFAULT-VALUE}")
  String tenant;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "The data directory; the capture inbox is DIR/inbox. Default: ${DEFAULT-VALUE}")
  Path data;

  SendCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    // Everything the user typed is checked before the configuration is even read.
    EmailAddress recipient;
    UsageType usage;
    Payload payload;
    try {
      recipient = parseAddress(to);
      usage = parseType(type);
      payload = payload();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.INVALID;
    }

    ConfigFiles.Checked checked = ConfigFiles.check(env, config, data);
    if (!checked.valid()) {
      ConfigFiles.printProblems(err, checked.config().source(), checked.problems());
      return ExitCodes.INVALID;
    }
    AuthmailConfig cfg = checked.config();
    if (cfg.tenant(tenant).isEmpty()) {
      err.println(
          "error: --tenant: no tenant is named \""
              + tenant
              + "\" in "
              + cfg.source()
              + "; defined: "
              + String.join(", ", cfg.tenants().keySet()));
      err.flush();
      return ExitCodes.INVALID;
    }
    if (connector != null && cfg.connector(connector).isEmpty()) {
      err.println(
          "error: --connector: no connector is named \""
              + connector
              + "\" in "
              + cfg.source()
              + "; defined: "
              + String.join(", ", cfg.connectors().keySet()));
      err.flush();
      return ExitCodes.INVALID;
    }

    String messageId = UUID.randomUUID().toString();
    try (ConfigFiles.OpenInbox inbox = ConfigFiles.openInbox(data, cfg, env);
        ConnectorInstances instances =
            ConnectorInstances.start(cfg, env.registry(), inbox.inbox(), env.clock())) {
      Instance instance =
          connector == null
              ? instances.chain(tenant).get(0)
              : instances.connector(tenant, connector);
      SendResult result;
      try {
        result = instance.connector().send(new EmailRequest(recipient, usage, payload, messageId));
      } catch (ConnectorException e) {
        err.println(
            "error: "
                + e.code()
                + " ("
                + e.code().wireCode()
                + "): "
                + cfg.secrets().redact(e.getMessage()));
        err.flush();
        return ExitCodes.FAILED;
      } catch (RuntimeException e) {
        err.println(
            "error: "
                + ErrorCode.INTERNAL
                + " ("
                + ErrorCode.INTERNAL.wireCode()
                + "): "
                + instance
                + " failed with "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + cfg.secrets().redact(e.getMessage())));
        err.flush();
        return ExitCodes.FAILED;
      }
      out.println("sent " + usage.wireName() + " through " + instance);
      out.println("message id: " + messageId);
      out.println("provider message id: " + result.providerMessageIdValue().orElse("(none given)"));
      if (instance.factoryId().equals(AuthmailConfig.BUILT_IN_SERVICE)
          && instances.platformInstance().isEmpty()) {
        out.println(
            "delivered to the capture inbox; read it with: authmail inbox show"
                + (config == null ? "" : " --config " + config)
                + " --data "
                + data);
      }
      out.flush();
      return ExitCodes.OK;
    } catch (ConfigException e) {
      ConfigFiles.printProblems(err, e.source(), e.problems());
      return ExitCodes.INVALID;
    } catch (StorageException e) {
      err.println(
          "error: the capture inbox's database cannot be opened: "
              + cfg.secrets().redact(e.getMessage()));
      err.flush();
      return ExitCodes.FAILED;
    }
  }

  private static EmailAddress parseAddress(String value) {
    try {
      return EmailAddress.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--to: " + e.getMessage());
    }
  }

  private static UsageType parseType(String value) {
    try {
      return UsageType.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--type: " + e.getMessage());
    }
  }

  private Payload payload() {
    if (code == null && link == null) {
      throw new IllegalArgumentException(
          "--code: a code is needed (or a --link for invitations and magic links)");
    }
    Payload.Builder payload = Payload.builder();
    if (code != null) {
      if (code.isBlank() || code.length() > 256 || code.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "--code: expected a code such as 123456 (no control characters, at most 256)");
      }
      payload.code(code);
    }
    if (locale != null) {
      String tag = LanguageTags.normalize(locale);
      if (tag == null) {
        throw new IllegalArgumentException(
            "--locale: \""
                + printable(locale)
                + "\" is not a language tag such as en, fr or fr-CA");
      }
      payload.locale(tag);
    }
    if (link != null) {
      payload.link(checkLink(link));
    }
    return payload.build();
  }

  private static String checkLink(String link) {
    try {
      URI uri = new URI(link.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return uri.toString();
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--link: expected an absolute https:// URL, got \"" + printable(link) + "\"");
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
