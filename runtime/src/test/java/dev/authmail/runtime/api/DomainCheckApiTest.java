package dev.authmail.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.connector.dkim.DkimKey;
import dev.authmail.connector.dkim.DkimKeys;
import dev.authmail.connector.dkim.DkimVerifier;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.domain.DnsTestServer;
import dev.authmail.runtime.domain.DomainModule;
import dev.authmail.runtime.node.ManagementModule;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.testing.SmtpTestConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/domains/{domain}/check} on a served node, DNS from a 127.0.0.1 test server. */
class DomainCheckApiTest {
  private static final List<DkimKey> KEYS = DkimVerifier.testKeys("good.example");

  @TempDir Path dir;

  private DnsTestServer dns;
  private ServiceNode node;
  private ApiClient acme;

  @BeforeEach
  void start() throws Exception {
    dns = new DnsTestServer();
    dns.add("good.example", "MX", "10 mx.good.example.");
    dns.txt("good.example", "v=spf1 ip4:127.0.0.1 -all");
    dns.txt(KEYS.get(0).recordName(), KEYS.get(0).txtRecord());
    dns.txt("_dmarc.good.example", "v=DMARC1; p=none");
    Map<String, Object> relay = new LinkedHashMap<>(SmtpTestConfig.loopback(TestNodes.deadPort()));
    relay.put("fromEmail", "no-reply@good.example");
    relay.put(
        "dkim",
        Map.of(
            "domain",
            "good.example",
            "selector",
            KEYS.get(0).selector(),
            "privateKey",
            DkimKeys.pem(KEYS.get(0).privateKey())));
    Map<String, Object> other = new LinkedHashMap<>(SmtpTestConfig.loopback(TestNodes.deadPort()));
    other.put("fromEmail", "no-reply@good.example");
    other.put("host", "relay.elsewhere.example");
    // the resolver comes from the file's domains.dns, not from AUTHMAIL_DNS_RESOLVER
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("network", Map.of("allowPrivateAddresses", true));
    root.put(
        "tenants",
        Map.of(
            "acme", Map.of("email", List.of("relay")), "beta", Map.of("email", List.of("other"))));
    root.put(
        "connectors",
        Map.of(
            "relay",
            Map.of("factory", "smtp", "config", relay),
            "other",
            Map.of("factory", "smtp", "config", other)));
    root.put("domains", Map.of("dns", Map.of("resolver", dns.address(), "timeoutSeconds", 2)));
    AuthmailConfig config =
        new ConfigLoader(TestNodes.REGISTRY, Map.of())
            .parse(ApiJson.mapper().writeValueAsString(root), ConfigLoader.Format.JSON, "test")
            .orThrow();
    node =
        ServiceNode.builder(config, TestNodes.REGISTRY)
            .dataDir(dir)
            .env(Map.of(ApiKeys.ENV_ADMIN_KEY, TestNodes.ADMIN_KEY))
            .outboxConfig(TestNodes.fastOutbox())
            .modules(List.of(ManagementModule::create, DomainModule::create))
            .server(server -> server.stopTimeoutMillis(2000))
            .start();
    acme = new ApiClient(node.url(), TestNodes.tenantKey(node, "acme"));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
    dns.close();
  }

  @Test
  void aTenantChecksItsSenderDomainOverItsOwnConnectors() throws Exception {
    HttpResponse<String> response = acme.get("/api/domains/good.example/check");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode report = ApiClient.json(response);
    assertThat(report.get("domain").asText()).isEqualTo("good.example");
    assertThat(report.get("status").asText()).isEqualTo("warn");
    Map<String, String> statuses = new LinkedHashMap<>();
    report
        .get("checks")
        .forEach(c -> statuses.put(c.get("check").asText(), c.get("status").asText()));
    // beta's relay.elsewhere.example is not acme's: it is neither checked nor named
    assertThat(statuses)
        .containsExactly(
            Map.entry("mx", "pass"),
            Map.entry("spf", "pass"),
            Map.entry("dkim:rsa2026", "pass"),
            Map.entry("dmarc", "warn"));
    JsonNode dmarc = report.get("checks").get(3);
    assertThat(dmarc.get("fix").get("zoneLine").asText())
        .isEqualTo("_dmarc.good.example. IN TXT \"v=DMARC1; p=quarantine\"");
    assertThat(response.body()).doesNotContain("elsewhere").doesNotContain("PRIVATE");
  }

  @Test
  void aTenantsStoredConnectorsAreTheChainSpfMustAuthorize() throws Exception {
    ApiClient admin = new ApiClient(node.url(), TestNodes.ADMIN_KEY);
    HttpResponse<String> created =
        admin.post(
            "/api/connectors",
            Map.of(
                "factoryId",
                "sendgrid",
                "config",
                Map.of(
                    "apiKey",
                    "SG.stored-key-7f3a",
                    "fromEmail",
                    "Beta <no-reply@good.example>",
                    "templates",
                    Stream.of("SignIn", "Register", "ForgotPassword", "Generic")
                        .map(
                            type ->
                                Map.of(
                                    "usageType",
                                    type,
                                    "contentType",
                                    "text/html",
                                    "subject",
                                    "Your code",
                                    "content",
                                    "<p>{{code}}</p>"))
                        .toList())),
            "Authmail-Tenant",
            "beta");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("id").asText();
    ApiClient beta = new ApiClient(node.url(), TestNodes.tenantKey(node, "beta"));

    HttpResponse<String> response = beta.get("/api/domains/good.example/check");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode spf = check(ApiClient.json(response), "spf");
    // the stored SendGrid connector replaced beta's file chain: SendGrid must be authorized, and
    // the file's relay.elsewhere.example is no longer beta's way out
    assertThat(spf.get("status").asText()).isEqualTo("fail");
    assertThat(spf.get("fix").get("value").asText()).contains("include:sendgrid.net");
    assertThat(response.body()).doesNotContain("elsewhere").doesNotContain("SG.stored");
    assertThat(beta.get("/api/domains/good.example/check?connector=" + id).statusCode())
        .isEqualTo(200);
    assertThat(beta.get("/api/domains/good.example/check?connector=other").statusCode())
        .isEqualTo(404);
    // acme has no stored connector: still its file chain, which SPF authorizes
    assertThat(
            check(ApiClient.json(acme.get("/api/domains/good.example/check")), "spf")
                .get("status")
                .asText())
        .isEqualTo("pass");
  }

  private static JsonNode check(JsonNode report, String name) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("check").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + report);
  }

  @Test
  void anotherTenantsConnectorIsNotFoundAndBadInputIsRefused() throws Exception {
    assertThat(acme.get("/api/domains/good.example/check?connector=other").statusCode())
        .isEqualTo(404);
    assertThat(acme.get("/api/domains/good.example/check?selector=a%20b").statusCode())
        .isEqualTo(400);
    assertThat(acme.get("/api/domains/not_a_domain/check").statusCode()).isEqualTo(400);
    assertThat(acme.withKey("wrong").get("/api/domains/good.example/check").statusCode())
        .isEqualTo(401);
  }
}
