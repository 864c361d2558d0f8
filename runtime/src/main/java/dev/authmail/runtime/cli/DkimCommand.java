package dev.authmail.runtime.cli;

import dev.authmail.connector.dkim.DkimAlgorithm;
import dev.authmail.connector.dkim.DkimKeys;
import dev.authmail.runtime.domain.DnsText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authmail dkim keygen}: a DKIM key pair, the private half in a 0600 file, the public half
 * as DNS.
 */
@Command(
    name = "dkim",
    mixinStandardHelpOptions = true,
    description = "Works with DKIM signing keys.")
final class DkimCommand implements Callable<Integer> {
  private static final Pattern NAME =
      Pattern.compile(
          "(?i)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

  @Spec CommandSpec spec;

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new DkimCommand());
    commandLine.addSubcommand(new Keygen());
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Makes a DKIM key pair: writes the private key (PEM, file mode 0600) and prints the DNS TXT"
            + " record to publish at SELECTOR._domainkey.DOMAIN and the dkim block to configure.",
        "Never overwrites a file; the private key is never printed."
      })
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--domain",
        required = true,
        paramLabel = "DOMAIN",
        description = "The d= domain: the From domain or a parent of it.")
    String domain;

    @Option(
        names = "--selector",
        required = true,
        paramLabel = "SELECTOR",
        description = "The s= selector, e.g. s2026.")
    String selector;

    @Option(
        names = "--algorithm",
        paramLabel = "ALG",
        defaultValue = "rsa",
        description =
            "rsa (rsa-sha256, 2048 bits; every receiver verifies it) or ed25519 (ed25519-sha256,"
                + " RFC 8463). Default: ${DEFAULT-VALUE}")
    String algorithm;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description =
            "Where to write the private key. Default: SELECTOR._domainkey.DOMAIN.pem in this"
                + " directory.")
    Path out;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      DkimAlgorithm alg = DkimAlgorithm.parse(algorithm).orElse(null);
      String problem =
          alg == null
              ? "--algorithm must be rsa or ed25519, got \"" + algorithm + "\""
              : !NAME.matcher(domain).matches() || !domain.contains(".")
                  ? "--domain must be a domain name such as example.com"
                  : !NAME.matcher(selector).matches()
                      ? "--selector must be DNS labels such as s2026"
                      : null;
      if (problem != null) {
        err.println("error: " + problem);
        return ExitCodes.INVALID;
      }
      String recordName = DkimKeys.recordName(selector, domain.toLowerCase());
      Path file = out != null ? out : Path.of(recordName + ".pem");
      KeyPair pair = alg.generate();
      try {
        write(file, DkimKeys.pem(pair.getPrivate()));
      } catch (FileAlreadyExistsException e) {
        err.println(
            "error: "
                + file
                + " exists; authmail never overwrites a key (choose another --out or --selector)");
        return ExitCodes.INVALID;
      }
      String txt = DkimKeys.txtRecord(pair.getPrivate());
      PrintWriter o = spec.commandLine().getOut();
      o.println(
          "private key: "
              + file.toAbsolutePath()
              + " (mode 0600; keep it secret, never commit it)");
      o.println();
      o.println("publish this TXT record:");
      o.println("  name:  " + recordName);
      o.println("  value: " + txt);
      o.println("  zone file: " + recordName + ". IN TXT " + DnsText.zoneStrings(txt));
      o.println();
      o.println(
          "then sign with it (the connector under platform.transport signs the built-in service's"
              + " mail):");
      o.println(
          "  dkim: {domain: "
              + domain.toLowerCase()
              + ", selector: "
              + selector
              + ", algorithm: "
              + alg.tag()
              + ", privateKey: "
              + file.toAbsolutePath()
              + "}");
      o.println(
          "check the record once published: authmail domain check "
              + domain.toLowerCase()
              + " --selector "
              + selector);
      return ExitCodes.OK;
    }

    /**
     * Created with mode 0600 from the start (no moment where others could read it), where POSIX
     * modes exist.
     */
    private static void write(Path file, String pem) throws IOException {
      byte[] bytes = pem.getBytes(StandardCharsets.US_ASCII);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.write(file, bytes);
    }
  }
}
