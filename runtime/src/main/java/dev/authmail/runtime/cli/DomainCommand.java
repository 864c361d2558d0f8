package dev.authmail.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.domain.DnsClient;
import dev.authmail.runtime.domain.DomainDoctor;
import dev.authmail.runtime.domain.Finding;
import dev.authmail.runtime.domain.ReportJson;
import dev.authmail.runtime.domain.Sender;
import dev.authmail.runtime.domain.Senders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code authmail domain check DOMAIN}: the sender-domain doctor on the command line. */
@Command(
    name = "domain",
    mixinStandardHelpOptions = true,
    description = "Works with sender domains.")
final class DomainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static CommandLine commandLine(CliEnvironment env) {
    CommandLine commandLine = new CommandLine(new DomainCommand());
    commandLine.addSubcommand(new Check(env));
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Checks the DNS of a sender domain: MX; SPF (valid, at most 10 lookups, authorizing the"
            + " configured transports); the DKIM record of each configured key or --selector; DMARC"
            + " (present, policy, alignment). Prints pass/warn/fail per check, what was found and"
            + " the record to publish.",
        "Exits 0 when nothing fails, 1 when a check fails, 2 on wrong input."
      })
  static final class Check implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "DOMAIN",
        description = "The From domain, e.g. example.com.")
    String domain;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "The configuration whose connectors send as DOMAIN (their DKIM keys, relay hosts,"
                + " providers).")
    Path config;

    @Option(
        names = "--selector",
        paramLabel = "S",
        split = ",",
        description = "DKIM selector(s) to check besides the configured keys'.")
    List<String> selectors;

    @Option(
        names = "--connector",
        paramLabel = "NAME",
        description = "Only this connector of the configuration.")
    String connector;

    @Option(
        names = "--resolver",
        paramLabel = "HOST[:PORT]",
        description =
            "The DNS resolver to ask. Default: AUTHMAIL_DNS_RESOLVER, else the --config file's"
                + " domains.dns.resolver, else the system's.")
    String resolver;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        description =
            "Seconds to wait for each DNS answer. Default: AUTHMAIL_DNS_TIMEOUT, else the --config"
                + " file's domains.dns.timeoutSeconds, else 5.")
    Double timeout;

    @Option(
        names = "--json",
        description = "Print the report as JSON (the shape of GET /api/domains/{domain}/check).")
    boolean json;

    Check(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      DnsClient dns;
      Sender sender;
      try {
        AuthmailConfig cfg =
            config == null
                ? null
                : new ConfigLoader(env.registry(), env.env()).load(config).orThrow();
        dns =
            DnsClient.of(
                cfg == null ? AuthmailConfig.Domains.DEFAULTS : cfg.domains(),
                env.env(),
                resolver,
                timeout == null ? null : Duration.ofMillis((long) (timeout * 1000)));
        sender =
            cfg == null
                ? new Sender(List.of(), selectors == null ? List.of() : selectors, List.of())
                : Senders.of(cfg, domain.toLowerCase(Locale.ROOT), connector, selectors);
        if (cfg == null && connector != null) {
          throw new IllegalArgumentException("--connector needs --config");
        }
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return ExitCodes.INVALID;
      }
      DomainDoctor.Report report = new DomainDoctor(dns).check(domain, sender);
      if (json) {
        out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(ReportJson.of(report)));
      } else {
        print(out, report);
      }
      return report.status() == Finding.Status.FAIL ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static void print(PrintWriter out, DomainDoctor.Report report) {
      out.println("domain check " + report.domain() + " (" + report.resolver() + ")");
      for (Finding f : report.findings()) {
        out.printf(
            "%-4s  %-14s %s%n",
            f.status(), f.check(), f.found() == null ? "(nothing found)" : f.found());
        out.println("      " + f.detail());
        if (f.fix() != null) {
          out.println("      fix: publish " + f.fix().type() + " at " + f.fix().name() + ":");
          out.println("        " + f.fix().value());
          out.println("      zone file: " + f.fix().zoneLine());
        }
      }
      long fails =
          report.findings().stream().filter(f -> f.status() == Finding.Status.FAIL).count();
      long warns =
          report.findings().stream().filter(f -> f.status() == Finding.Status.WARN).count();
      out.println("result: " + report.status() + " (" + fails + " failed, " + warns + " warnings)");
    }
  }
}
