package dev.authmail.runtime.outbox;

import java.util.List;

/**
 * Which tenant a message counts against. A tenant's hosted-service messages ({@code POST
 * /api/services/mails}) are kept under its <em>service tenant</em> {@code <tenant>:mails}, so that
 * they use the built-in service's chain and are counted as usage on their own; for the
 * per-recipient limit they are the same tenant's, or a caller could double its messages to one
 * address by using both routes. Tenant names cannot contain {@code :}, so a service tenant never
 * collides with a real one. Stateless.
 *
 * <p>One recipient is the normalized address ({@code EmailAddress.normalized()}): the local part
 * lower-cased, the domain lower-cased in its ASCII (punycode) form. Dots and {@code +tags} are
 * kept: {@code a.b+x@gmail.com} and {@code ab@gmail.com} are different recipients, because only the
 * receiving provider knows whether it folds them, and folding for the wrong provider would merge
 * two people's limits.
 */
public final class TenantScope {
  private static final String SERVICE_SUFFIX = ":mails";

  private TenantScope() {}

  /** The tenant under which {@code tenant}'s hosted-service messages are kept. */
  public static String serviceTenant(String tenant) {
    return tenant + SERVICE_SUFFIX;
  }

  /** Whether {@code tenant} is a service tenant. */
  public static boolean isServiceTenant(String tenant) {
    return tenant != null && tenant.endsWith(SERVICE_SUFFIX);
  }

  /** The tenant a service tenant belongs to; any other tenant is its own owner. */
  public static String owner(String tenant) {
    return isServiceTenant(tenant)
        ? tenant.substring(0, tenant.length() - SERVICE_SUFFIX.length())
        : tenant;
  }

  /**
   * The tenants whose messages count together with {@code tenant}'s: its owner and the owner's
   * service tenant.
   */
  static List<String> counted(String tenant) {
    String owner = owner(tenant);
    return List.of(owner, serviceTenant(owner));
  }
}
