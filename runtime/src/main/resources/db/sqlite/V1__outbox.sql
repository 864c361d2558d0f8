-- The durable outbox (issue 5), SQLite twin of db/migration/V1__outbox.sql: the same tables and
-- indexes. Times are epoch microseconds (INTEGER, see storage.SqlTime) written by the application's
-- clock, never the database's; booleans are 0/1.
-- Later features add their own tables in V2+ files; this file is never edited once released.

CREATE TABLE messages (
  id                  VARCHAR NOT NULL PRIMARY KEY,
  tenant              VARCHAR NOT NULL,
  idempotency_key     VARCHAR,
  request_hash        VARCHAR NOT NULL,
  recipient           VARCHAR NOT NULL,
  recipient_key       VARCHAR NOT NULL,    -- SHA-256 (hex) of the normalized address: limits, supersede
  usage_type          VARCHAR NOT NULL,
  payload             VARCHAR NOT NULL,    -- JSON object
  ip                  VARCHAR,
  status              VARCHAR NOT NULL,    -- QUEUED SENDING DELIVERED FAILED EXPIRED CANCELLED
  attempt_count       INTEGER NOT NULL DEFAULT 0,
  connector_position  INTEGER NOT NULL DEFAULT 0,   -- index into the tenant's connector chain
  connector_failures  INTEGER NOT NULL DEFAULT 0,   -- consecutive retryable failures on that connector
  current_connector   VARCHAR,
  next_attempt_at     INTEGER NOT NULL, -- QUEUED: when due; SENDING: lease_until
  expires_at          INTEGER NOT NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  lease_owner         VARCHAR,
  lease_until         INTEGER,
  provider_message_id VARCHAR,
  last_error_code     VARCHAR,
  last_error_message  VARCHAR,
  maybe_duplicate     INTEGER NOT NULL DEFAULT 0
);

-- Idempotency: one message per tenant and key (rows without a key are not constrained).
CREATE UNIQUE INDEX ux_messages_idempotency ON messages (tenant, idempotency_key);
-- Claiming due work: status IN (QUEUED, SENDING) AND next_attempt_at <= now.
CREATE INDEX ix_messages_due ON messages (status, next_attempt_at);
-- Per-recipient rate limit window and supersede.
CREATE INDEX ix_messages_recipient ON messages (tenant, recipient_key, usage_type, created_at);
-- Listing a tenant's messages newest first; per-tenant rate limit window.
CREATE INDEX ix_messages_tenant ON messages (tenant, created_at);

CREATE TABLE message_attempts (
  id                  INTEGER PRIMARY KEY,
  message_id          VARCHAR NOT NULL,
  attempt_number      INTEGER NOT NULL,
  node                VARCHAR NOT NULL,
  connector           VARCHAR,
  started_at          INTEGER NOT NULL,
  finished_at         INTEGER NOT NULL,
  outcome             VARCHAR NOT NULL,    -- DELIVERED RETRYABLE_FAILURE PERMANENT_FAILURE
  error_code          VARCHAR,
  error_message       VARCHAR,
  provider_message_id VARCHAR,
  maybe_delivered     INTEGER NOT NULL DEFAULT 0
);
-- Not unique on (message_id, attempt_number): after a lease takeover two nodes may both have
-- made attempt n, and both are recorded.
CREATE INDEX ix_attempts_message ON message_attempts (message_id, attempt_number);

-- Rows that the accept transaction locks FOR UPDATE so that, across nodes, the count-then-insert
-- of a rate limit and the cancel-then-insert of supersede are serialized per recipient. A bucket
-- is the first three hex digits of recipient_key (4,096 per tenant, so the table stays small;
-- recipients sharing a bucket only queue behind each other for a short transaction); '*' is the
-- per-tenant scope.
CREATE TABLE rate_limit_locks (
  tenant VARCHAR NOT NULL,
  bucket VARCHAR NOT NULL,
  PRIMARY KEY (tenant, bucket)
);
