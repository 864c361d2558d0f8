-- Management (issue 5): connectors stored through the API, Logto's stored i18n email templates,
-- and the capture inbox in the database (so that several nodes share one inbox).
-- PostgreSQL; the SQLite twin is db/sqlite/V2__management.sql. Times are written by the application.

CREATE TABLE connectors (
  id          VARCHAR NOT NULL PRIMARY KEY,
  tenant      VARCHAR NOT NULL,
  factory_id  VARCHAR NOT NULL,            -- the factory's canonical id (never an alias)
  config      VARCHAR NOT NULL,            -- JSON object; secret values sealed ("enc:v1:…", AES-256-GCM)
  position    INTEGER NOT NULL,            -- chain order within the tenant: 0 = primary
  enabled     BOOLEAN NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_connectors_tenant ON connectors (tenant, position);

-- Logto's email_templates: one per (tenant, language tag, template type).
CREATE TABLE email_templates (
  id            VARCHAR NOT NULL PRIMARY KEY,
  tenant        VARCHAR NOT NULL,
  language_tag  VARCHAR NOT NULL,          -- BCP 47 case (fr-CA), as normalized on write
  template_type VARCHAR NOT NULL,          -- a usage type's wire name
  details       VARCHAR NOT NULL,          -- JSON {subject, content, contentType?, replyTo?, sendFrom?}
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_email_templates ON email_templates (tenant, language_tag, template_type);

-- The capture inbox (the platform transport out of the box), shared by every node.
CREATE TABLE captured_emails (
  id          VARCHAR NOT NULL PRIMARY KEY, -- time-sortable
  received_at TIMESTAMP WITH TIME ZONE NOT NULL,
  recipient   VARCHAR NOT NULL,             -- normalized address, for filtering
  message_id  VARCHAR,
  email       VARCHAR NOT NULL              -- JSON of the captured email
);
CREATE INDEX ix_captured_recipient ON captured_emails (recipient, id);
