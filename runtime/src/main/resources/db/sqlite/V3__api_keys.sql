-- SQLite twin of db/migration/V3__api_keys.sql; times are epoch microseconds.
-- API keys (issue 5): a tenant's keys and the admin key, stored as SHA-256 hashes only.
-- The admin key from AUTHMAIL_ADMIN_KEY is never stored; a generated one is (scope ADMIN).
CREATE TABLE api_keys (
  id          VARCHAR NOT NULL PRIMARY KEY,
  scope       VARCHAR NOT NULL,               -- ADMIN or TENANT
  tenant      VARCHAR,                        -- NULL for an admin key
  key_hash    VARCHAR NOT NULL,               -- SHA-256 (hex) of the whole key
  key_prefix  VARCHAR NOT NULL,               -- the key's first characters, to recognise it in a list
  label       VARCHAR,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant, created_at);
