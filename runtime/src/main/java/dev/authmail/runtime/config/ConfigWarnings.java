package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.toolkit.ConfigTemplates;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code config check} says about a configuration without refusing it: keys and entries that
 * are accepted but never used, and destinations an operator should know about. Looks at the file
 * only: no DNS, no connection.
 *
 * <ul>
 *   <li>a key a connector's spec declares accepted but unsupported ({@link
 *       dev.authmail.connector.api.ConfigSpec#warnings}, e.g. Logto's SMTP {@code dnsTimeout});
 *   <li>a config template whose {@code usageType} is none of the nine (Logto accepts any string):
 *       never used;
 *   <li>a destination ({@code host}, {@code endpoint}) that is not public (loopback, a private
 *       address, a single-label name such as {@code mailpit}, {@code localhost}, {@code .local}/
 *       {@code .internal}): allowed because this file is the operator's, and one line says so;
 *   <li>a plain {@code http://} endpoint to a host that is not one of those: codes travel
 *       unencrypted.
 * </ul>
 */
public final class ConfigWarnings {
  private static final List<String> DESTINATION_KEYS = List.of("host", "endpoint");

  private ConfigWarnings() {}

  /** Every warning, each with its key path, in the file's order. */
  public static List<ConfigProblem> of(AuthmailConfig config) {
    List<ConfigProblem> warnings = new ArrayList<>();
    for (ConnectorDefinition definition : config.connectors().values()) {
      if (definition.implicit()) {
        continue;
      }
      String path = "connectors." + definition.name() + ".config";
      ConnectorConfig c = definition.config();
      for (ConfigProblem warning : c.spec().warnings(c.asMap())) {
        warnings.add(warning.under(path));
      }
      List<String> unused = ConfigTemplates.unusedUsageTypes(c, "templates");
      if (!unused.isEmpty()) {
        warnings.add(
            new ConfigProblem(
                path + ".templates",
                "usage type"
                    + (unused.size() == 1 ? " " : "s ")
                    + String.join(", ", unused.stream().map(t -> "\"" + t + "\"").toList())
                    + " is none of Register, SignIn, ForgotPassword, Generic,"
                    + " OrganizationInvitation, UserPermissionValidation, BindNewIdentifier,"
                    + " MfaVerification, BindMfa; such entries are never used"));
      }
      for (String key : DESTINATION_KEYS) {
        c.string(key)
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .ifPresent(value -> destination(path + "." + key, value, warnings));
      }
    }
    return warnings;
  }

  private static void destination(String path, String value, List<ConfigProblem> warnings) {
    String host = value;
    boolean plainHttp = false;
    if (value.contains("://")) {
      try {
        URI uri = new URI(value);
        host = uri.getHost();
        plainHttp = "http".equalsIgnoreCase(uri.getScheme());
      } catch (URISyntaxException e) {
        return; // the connector's own check reports it
      }
    }
    if (host == null || host.isEmpty()) {
      return;
    }
    if (!isPublic(host)) {
      warnings.add(
          new ConfigProblem(
              path,
              host
                  + " is not a public address: allowed, because connectors in this file are the"
                  + " operator's (a connector stored through the API may not reach it unless"
                  + " network.allow or network.allowPrivateAddresses opens it)"));
    } else if (plainHttp) {
      warnings.add(
          new ConfigProblem(
              path,
              "plain http:// to the public host "
                  + host
                  + ": codes and addresses travel unencrypted; use https://"));
    }
  }

  /**
   * Public as far as the file tells: not an internal literal, not localhost, not a local-only name.
   */
  static boolean isPublic(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    h = h.toLowerCase(Locale.ROOT);
    if (h.matches("[0-9.]+") || (h.contains(":") && h.matches("[0-9a-f:.]+"))) {
      try {
        return !NetworkPolicy.isInternal(InetAddress.getByName(h)); // a literal: no lookup
      } catch (UnknownHostException e) {
        return true;
      }
    }
    return h.contains(".")
        && !h.endsWith(".localhost")
        && !h.endsWith(".local")
        && !h.endsWith(".internal")
        && !h.endsWith(".lan")
        && !h.endsWith(".home.arpa");
  }
}
