package dev.authmail.runtime.api;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.SqlTime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys in the database (table {@code api_keys}), stored as SHA-256 hashes: a key is shown once,
 * when it is made, and never again. Keys are 32 random bytes (base64url) after the prefix {@value
 * #PREFIX}; with that much entropy a plain hash cannot be reversed, so no salt is needed and lookup
 * is one indexed read.
 *
 * <p>The admin key is {@code AUTHMAIL_ADMIN_KEY} when set (kept in memory as a hash, never stored),
 * else one generated on the first start and stored. Looked-up keys are cached for {@code cacheTtl}:
 * a key revoked on another node stops working within that time (at once on this node).
 *
 * <p>Thread-safe.
 */
public final class ApiKeys implements Authenticator {
  public static final String PREFIX = "amk_";
  public static final String ENV_ADMIN_KEY = "AUTHMAIL_ADMIN_KEY";
  private static final String ENV_KEY_ID = "env-admin";
  private static final int CACHE_LIMIT = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key as lists show it: never the key, only its first characters. */
  public record KeyView(
      String id,
      Scope scope,
      String tenant,
      String prefix,
      String label,
      Instant createdAt,
      Instant revokedAt) {}

  /** A key just made: {@code key} is shown this once. */
  public record Created(KeyView view, String key) {
    @Override
    public String toString() {
      return "Created[" + view + "]";
    }
  }

  private record Cached(ApiPrincipal principal, long expiresAtNanos) {}

  private final Database db;
  private final Clock clock;
  private final long cacheTtlNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile String envAdminHash;

  public ApiKeys(Database db, Clock clock, Duration cacheTtl) {
    this.db = Objects.requireNonNull(db, "db is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.cacheTtlNanos = cacheTtl.toNanos();
  }

  public ApiKeys(Database db) {
    this(db, Clock.systemUTC(), Duration.ofSeconds(5));
  }

  /**
   * Makes sure there is an admin key: {@code fromEnv} when given (not stored), else a stored one,
   * generated now when there is none.
   *
   * @param fromEnv the value of {@value #ENV_ADMIN_KEY}, or {@code null}
   * @return the generated key, to be printed once; empty when the key came from the environment or
   *     one was stored before
   * @throws IllegalArgumentException when {@code fromEnv} is shorter than 16 characters
   */
  public Optional<String> ensureAdminKey(String fromEnv) {
    if (fromEnv != null && !fromEnv.isBlank()) {
      checkEnvAdminKey(fromEnv);
      envAdminHash = hash(fromEnv.trim());
      return Optional.empty();
    }
    envAdminHash = null;
    boolean exists =
        db.transaction(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM api_keys WHERE scope = 'ADMIN' AND revoked_at IS"
                          + " NULL")) {
                try (ResultSet rs = s.executeQuery()) {
                  rs.next();
                  return rs.getLong(1) > 0;
                }
              }
            });
    if (exists) {
      return Optional.empty();
    }
    return Optional.of(insert(Scope.ADMIN, null, "generated on first start").key());
  }

  /**
   * Checks the value of {@value #ENV_ADMIN_KEY} ({@code null} or blank: not set) before anything
   * starts.
   *
   * @throws IllegalArgumentException when it is shorter than 16 characters
   */
  public static void checkEnvAdminKey(String fromEnv) {
    if (fromEnv != null && !fromEnv.isBlank() && fromEnv.trim().length() < 16) {
      throw new IllegalArgumentException(ENV_ADMIN_KEY + " must be at least 16 characters long");
    }
  }

  /**
   * Revokes every stored admin key and makes a new one: the way back in when the admin key is lost
   * ({@code authmail keys reset-admin}). {@value #ENV_ADMIN_KEY}, never stored, is not affected.
   *
   * @return the new key, to be printed once
   */
  public Created resetAdminKey() {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ? WHERE scope = 'ADMIN' AND revoked_at IS"
                      + " NULL")) {
            SqlTime.set(s, 1, clock.instant());
            return s.executeUpdate();
          }
        });
    cache.clear();
    return insert(Scope.ADMIN, null, "reset with authmail keys reset-admin");
  }

  /** Makes a key for {@code tenant}. */
  public Created createTenantKey(String tenant, String label) {
    Objects.requireNonNull(tenant, "tenant is null");
    return insert(Scope.TENANT, tenant, label);
  }

  /** Keys, newest first: all of them, or those of {@code tenant}. Revoked keys are listed too. */
  public List<KeyView> list(String tenant) {
    return db.transaction(
        c -> {
          String sql =
              "SELECT id, scope, tenant, key_prefix, label, created_at, revoked_at FROM api_keys"
                  + (tenant == null ? "" : " WHERE tenant = ?")
                  + " ORDER BY created_at DESC, id";
          try (PreparedStatement s = c.prepareStatement(sql)) {
            if (tenant != null) {
              s.setString(1, tenant);
            }
            List<KeyView> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(view(rs));
              }
            }
            return out;
          }
        });
  }

  public Optional<KeyView> find(String id) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, scope, tenant, key_prefix, label, created_at, revoked_at FROM"
                      + " api_keys WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(view(rs)) : Optional.<KeyView>empty();
            }
          }
        });
  }

  /**
   * Revokes a key; it stops working at once on this node. Returns false when there is no such key.
   */
  public boolean revoke(String id) {
    boolean changed =
        db.transaction(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                SqlTime.set(s, 1, clock.instant());
                s.setString(2, id);
                return s.executeUpdate() > 0;
              }
            });
    cache
        .values()
        .removeIf(cached -> cached.principal() != null && cached.principal().keyId().equals(id));
    return changed || find(id).isPresent();
  }

  @Override
  public Optional<ApiPrincipal> authenticate(String key) {
    if (key == null || key.isEmpty() || key.length() > 512) {
      return Optional.empty();
    }
    String hash = hash(key);
    String env = envAdminHash;
    if (env != null
        && MessageDigest.isEqual(
            env.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of(ApiPrincipal.admin(ENV_KEY_ID));
    }
    long now = System.nanoTime();
    Cached cached = cache.get(hash);
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return Optional.of(cached.principal());
    }
    Optional<ApiPrincipal> found = lookup(hash);
    if (found.isPresent()) {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(hash, new Cached(found.get(), now + cacheTtlNanos));
    } else {
      cache.remove(hash);
    }
    return found;
  }

  private Optional<ApiPrincipal> lookup(String hash) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, scope, tenant FROM api_keys WHERE key_hash = ? AND revoked_at IS"
                      + " NULL")) {
            s.setString(1, hash);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return Optional.<ApiPrincipal>empty();
              }
              Scope scope = Scope.valueOf(rs.getString("scope"));
              return Optional.of(
                  scope == Scope.ADMIN
                      ? ApiPrincipal.admin(rs.getString("id"))
                      : ApiPrincipal.tenant(rs.getString("tenant"), rs.getString("id")));
            }
          }
        });
  }

  private Created insert(Scope scope, String tenant, String label) {
    String key = newKey();
    String id = "key_" + randomToken(9);
    Instant now = SqlTime.truncate(clock.instant());
    String prefix = key.substring(0, PREFIX.length() + 6);
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO api_keys (id, scope, tenant, key_hash, key_prefix, label,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, scope.name());
            s.setString(3, tenant);
            s.setString(4, hash(key));
            s.setString(5, prefix);
            s.setString(6, label);
            SqlTime.set(s, 7, now);
            return s.executeUpdate();
          }
        });
    return new Created(new KeyView(id, scope, tenant, prefix, label, now, null), key);
  }

  private static KeyView view(ResultSet rs) throws java.sql.SQLException {
    return new KeyView(
        rs.getString("id"),
        Scope.valueOf(rs.getString("scope")),
        rs.getString("tenant"),
        rs.getString("key_prefix"),
        rs.getString("label"),
        SqlTime.get(rs, "created_at"),
        SqlTime.get(rs, "revoked_at"));
  }

  /** A new random key: {@value #PREFIX} and 32 random bytes, base64url. */
  static String newKey() {
    return PREFIX + randomToken(32);
  }

  private static String randomToken(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  static String hash(String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
