package dev.authmail.runtime.cli;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.toolkit.LanguageTags;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.preview.EmailPreviewer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authmail preview}: the built-in email service's emails written to files, for a person to
 * look at. Rendering is {@link EmailPreviewer}'s, as in the console: the service used through the
 * SPI with the branding as its config, and what is written is the {@link RenderedEmail} its
 * platform transport received, so the preview cannot drift from what is sent.
 */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes the built-in email service's emails (logto-email) as they would be sent, with sample"
          + " values (code 123456), for a person to look at: for each usage type and language"
          + " DIR/<Type>-<lang>.html, .txt (the text part) and .headers.txt (From, To, Subject,"
          + " Content-Language). Prints the files written.",
      "Exits 0 when written; 2 when an option or the branding is wrong (every problem is printed"
          + " with its key); 1 when rendering or writing failed."
    })
final class PreviewCommand implements Callable<Integer> {
  static final String ALL = "all";

  private final CliEnvironment env;

  @Spec CommandSpec spec;

  @Option(
      names = "--type",
      paramLabel = "USAGE",
      split = ",",
      defaultValue = "SignIn",
      description =
          "Usage types, comma separated, or all: Register, SignIn, ForgotPassword, Generic,"
              + " OrganizationInvitation, UserPermissionValidation, BindNewIdentifier,"
              + " MfaVerification, BindMfa. Default: ${DEFAULT-VALUE}")
  List<String> types;

  @Option(
      names = "--locale",
      paramLabel = "TAG",
      split = ",",
      defaultValue = "en",
      description =
          "The user's language tags, comma separated (fr-CA, zh-HK…), resolved by the service's"
              + " language chain; or all for every built-in language. Default: ${DEFAULT-VALUE}")
  List<String> locales;

  @Option(
      names = "--branding",
      paramLabel = "FILE",
      description =
          "A YAML or JSON file with the tenant's branding: senderName, companyInformation, appLogo"
              + " (an https:// URL, or the path of a PNG or JPEG file, relative to FILE). Without"
              + " it: no branding.")
  Path branding;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The directory to write into (created).")
  Path out;

  @Option(
      names = "--from",
      paramLabel = "ADDR",
      defaultValue = AuthmailConfig.DEFAULT_FROM_ADDRESS,
      description =
          "The platform's sender address (platform.fromAddress). Default: ${DEFAULT-VALUE}")
  String from;

  PreviewCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<UsageType> usageTypes;
    EmailAddress sender;
    try {
      usageTypes = usageTypes(types);
      sender = sender(from);
      checkLocales(locales);
    } catch (IllegalArgumentException e) {
      return invalid(err, "error: " + e.getMessage());
    }
    EmailPreviewer previewer =
        new EmailPreviewer(env.registry(), sender, env.clock(), env.env()::get);
    Optional<String> refusal = previewer.refusal();
    if (refusal.isPresent()) {
      return invalid(err, "error: " + refusal.get());
    }

    Map<String, Object> config = Map.of();
    String source = "the branding";
    if (branding != null) {
      source = branding.toString();
      BrandingFile.Read read = BrandingFile.read(branding);
      if (!read.problems().isEmpty()) {
        ConfigFiles.printProblems(err, source, read.problems());
        return ExitCodes.INVALID;
      }
      config = read.config();
    }

    List<Path> written = new ArrayList<>();
    try (EmailPreviewer.Session session = previewer.open(config)) {
      List<String> tags =
          locales.stream().anyMatch(ALL::equalsIgnoreCase) ? previewer.languages() : locales;
      Files.createDirectories(out);
      for (UsageType type : usageTypes) {
        Set<String> languagesDone = new LinkedHashSet<>();
        for (String tag : tags) {
          RenderedEmail email = session.render(type, tag);
          String language =
              email
                  .headers()
                  .getOrDefault(EmailPreviewer.CONTENT_LANGUAGE, LanguageTags.normalize(tag));
          if (!language.equalsIgnoreCase(LanguageTags.normalize(tag))
              && type == usageTypes.get(0)) {
            err.println(
                "note: --locale "
                    + tag
                    + " is written in "
                    + language
                    + " (the built-in language chain)");
          }
          if (languagesDone.add(language)) {
            written.addAll(write(out, type.wireName() + "-" + language, email));
          }
        }
      }
    } catch (ConnectorException e) {
      if (e.code() == ErrorCode.INVALID_CONFIG) {
        ConfigFiles.printProblems(
            err,
            source,
            e.problems().isEmpty()
                ? List.of(new ConfigProblem("", String.valueOf(e.getMessage())))
                : e.problems());
        return ExitCodes.INVALID;
      }
      err.println("error: " + e.code() + " (" + e.code().wireCode() + "): " + e.getMessage());
      err.flush();
      return ExitCodes.FAILED;
    } catch (IOException e) {
      err.println(
          "error: cannot write into "
              + out
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      err.flush();
      return ExitCodes.FAILED;
    }
    written.forEach(stdout::println);
    stdout.flush();
    err.flush();
    return ExitCodes.OK;
  }

  private static List<Path> write(Path dir, String baseName, RenderedEmail email)
      throws IOException {
    List<Path> files = new ArrayList<>();
    // For a browser, which cannot resolve cid: — an uploaded logo is sent as an inline part.
    Optional<String> html = email.htmlForViewing();
    if (html.isPresent()) {
      files.add(
          Files.writeString(dir.resolve(baseName + ".html"), html.get(), StandardCharsets.UTF_8));
    }
    files.add(
        Files.writeString(dir.resolve(baseName + ".txt"), email.text(), StandardCharsets.UTF_8));
    StringBuilder headers = new StringBuilder();
    headers
        .append("From: ")
        .append(
            mailbox(
                email.fromName().orElse(null),
                email.from().map(EmailAddress::value).orElse("(the transport's sender)")))
        .append('\n');
    headers.append("To: ").append(email.to().value()).append('\n');
    headers.append("Subject: ").append(email.subject()).append('\n');
    email
        .headers()
        .forEach((name, value) -> headers.append(name).append(": ").append(value).append('\n'));
    files.add(
        Files.writeString(dir.resolve(baseName + ".headers.txt"), headers, StandardCharsets.UTF_8));
    return files;
  }

  /** {@code Name <addr>}, the name quoted when RFC 5322 needs it ({@code "Acme, Inc." <addr>}). */
  static String mailbox(String name, String address) {
    if (name == null) {
      return address;
    }
    boolean atom =
        name.chars()
            .allMatch(
                c ->
                    c >= 0x80
                        || Character.isLetterOrDigit(c)
                        || c == ' '
                        || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0);
    String shown = atom ? name : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    return shown + " <" + address + ">";
  }

  private static List<UsageType> usageTypes(List<String> values) {
    Set<UsageType> out = new LinkedHashSet<>();
    for (String value : values) {
      if (value.trim().equalsIgnoreCase(ALL)) {
        out.addAll(List.of(UsageType.values()));
        continue;
      }
      try {
        out.add(UsageType.parse(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--type: " + e.getMessage() + ", or " + ALL);
      }
    }
    return List.copyOf(out);
  }

  private static void checkLocales(List<String> values) {
    for (String value : values) {
      if (!value.trim().equalsIgnoreCase(ALL) && LanguageTags.normalize(value) == null) {
        throw new IllegalArgumentException(
            "--locale: \""
                + value.replaceAll("\\p{Cntrl}", "?")
                + "\" is not a language tag such as en, ja, fr-CA or zh-HK, nor "
                + ALL);
      }
    }
  }

  private static EmailAddress sender(String value) {
    try {
      return EmailAddress.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--from: " + e.getMessage());
    }
  }

  private static int invalid(PrintWriter err, String message) {
    err.println(message);
    err.flush();
    return ExitCodes.INVALID;
  }
}
