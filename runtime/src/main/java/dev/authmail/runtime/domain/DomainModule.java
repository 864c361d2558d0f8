package dev.authmail.runtime.domain;

import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.node.ServeModule;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.stored.ConnectorStore;
import dev.authmail.runtime.stored.StoredConnectors;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/domains/{domain}/check}: the sender-domain doctor for a tenant, over the
 * connectors of its chain: its enabled stored connectors when it has one (they are what sends),
 * else the configuration file's chain; the platform transport too when the chain has the built-in
 * service. DNS settings from {@code AUTHMAIL_DNS_RESOLVER} and {@code AUTHMAIL_DNS_TIMEOUT}, else
 * the file's {@code domains.dns}. One of {@code ServiceNode.MODULES}.
 */
public final class DomainModule implements ServeModule, RouteGroup {
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?i)(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
              + "(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+\\.?");
  private static final Pattern SELECTOR = Pattern.compile("(?i)[a-z0-9_]([a-z0-9_.-]{0,62})");

  private final AuthmailConfig config;
  private final DomainDoctor doctor;
  private final ConnectorStore store;

  DomainModule(AuthmailConfig config, DomainDoctor doctor, ConnectorStore store) {
    this.config = config;
    this.doctor = doctor;
    this.store = store;
  }

  @Override
  public List<RouteGroup> routes(Outbox outbox) {
    return List.of(this);
  }

  @Override
  public void register(ApiRouter router) {
    Map<String, Object> fix =
        Schemas.object(
            "name",
            Schemas.string(),
            "type",
            Schemas.string(),
            "value",
            Schemas.string(),
            "zoneLine",
            Schemas.string());
    router.schema(
        "DomainCheck",
        Schemas.object(
            "domain",
            Schemas.string(),
            "status",
            Schemas.enumOf("pass", "warn", "fail"),
            "resolver",
            Schemas.string(),
            "checks",
            Schemas.arrayOf(
                Schemas.object(
                    "check",
                    Schemas.string(),
                    "status",
                    Schemas.enumOf("pass", "warn", "fail"),
                    "found?",
                    Schemas.string(),
                    "detail",
                    Schemas.string(),
                    "fix?",
                    fix))));
    router
        .get("/api/domains/{domain}/check", Scope.TENANT, this::check)
        .tag("domains")
        .summary(
            "Checks a sender domain's MX, SPF, DKIM and DMARC records; each check says "
                + "pass/warn/fail, what was found and the record to publish")
        .query(
            "selector", "DKIM selector(s) to check besides the configured keys', comma-separated")
        .query("connector", "only this connector of the tenant's chain")
        .response(200, "The report", Schemas.ref("DomainCheck"))
        .response(400, "Not a domain name or selector", Schemas.error())
        .response(404, "No such connector in the tenant's chain", Schemas.error());
  }

  private void check(ApiContext ctx) {
    String domain = ctx.pathParam("domain").toLowerCase(Locale.ROOT);
    if (!DOMAIN.matcher(domain).matches()) {
      throw ApiErrors.invalidInput("domain must be a domain name such as example.com");
    }
    String selectorParam = ctx.queryParam("selector");
    List<String> selectors =
        selectorParam == null || selectorParam.isBlank()
            ? List.of()
            : Arrays.stream(selectorParam.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    for (String s : selectors) {
      if (!SELECTOR.matcher(s).matches()) {
        throw ApiErrors.invalidInput("selector must be DNS labels such as s2026");
      }
    }
    Set<String> visible = visibleConnectors(ctx.tenant());
    Sender sender;
    try {
      sender =
          Senders.of(
              config,
              domain,
              blankToNull(ctx.queryParam("connector")),
              selectors,
              visible::contains,
              StoredConnectors.enabledPlain(store, ctx.tenant()));
    } catch (IllegalArgumentException e) {
      throw ApiErrors.notFound(
          "no connector named " + ctx.queryParam("connector") + " in this tenant's chain");
    }
    ctx.json(ReportJson.of(doctor.check(domain, sender)));
  }

  /** The tenant's chain, plus the platform transport when the chain has the built-in service. */
  private Set<String> visibleConnectors(String tenant) {
    Set<String> out = new HashSet<>();
    config.tenant(tenant).ifPresent(t -> out.addAll(t.email()));
    boolean builtIn =
        out.stream()
            .map(config::connector)
            .flatMap(java.util.Optional::stream)
            .anyMatch(d -> d.factoryId().equals(AuthmailConfig.BUILT_IN_SERVICE));
    if (builtIn) {
      config.platform().transportName().ifPresent(out::add);
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * Makes the module from the configuration ({@code domains.dns}), the process environment (which
   * wins) and the node's database (the tenants' stored connectors).
   */
  public static DomainModule create(Environment environment) {
    DnsClient dns = DnsClient.of(environment.config().domains(), environment.env(), null, null);
    return new DomainModule(
        environment.config(), new DomainDoctor(dns), new ConnectorStore(environment.database()));
  }
}
