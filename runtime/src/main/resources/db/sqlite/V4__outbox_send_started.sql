-- SQLite twin of db/migration/V4__outbox_send_started.sql; times are epoch microseconds.
-- The outbox (issue 5): when the current lease holder started the provider call, so that a lease
-- taken over after a crash marks the message maybe-duplicate only if a send may have happened.
-- NULL: claimed but not sent yet (or not SENDING). Set right before the connector is called (in a
-- batched, fenced UPDATE), cleared when the outcome is written, the lease released or re-claimed.
ALTER TABLE messages ADD COLUMN send_started_at INTEGER;
