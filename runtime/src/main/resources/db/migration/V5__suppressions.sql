-- Suppression list (issue 14): per tenant, the normalized addresses that must not be sent to.
-- An address is EmailAddress.normalized(), the same key as the outbox's per-recipient limit.
CREATE TABLE suppressions (
  tenant       VARCHAR NOT NULL,
  address      VARCHAR NOT NULL,               -- normalized: local part lower-cased, domain in ASCII
  reason       VARCHAR NOT NULL,               -- HARD_BOUNCE, COMPLAINT, MANUAL or SOFT_BOUNCE
  source       VARCHAR NOT NULL,               -- e.g. manual, ses:<connector>
  first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
  event_count  INTEGER NOT NULL,
  PRIMARY KEY (tenant, address)
);
-- Provider events already counted, so the same event delivered twice counts once.
CREATE TABLE suppression_events (
  tenant       VARCHAR NOT NULL,
  event_id     VARCHAR NOT NULL,               -- e.g. ses:<SNS MessageId>
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, event_id)
);
-- The SNS topic an event intake (tenant, connector) is bound to: the first confirmed subscription's.
-- Notifications from any other topic are refused, since any AWS account can sign SNS messages.
CREATE TABLE sns_subscriptions (
  tenant       VARCHAR NOT NULL,
  connector    VARCHAR NOT NULL,
  topic_arn    VARCHAR NOT NULL,
  confirmed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, connector)
);
