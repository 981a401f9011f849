"""The store's schema as numbered migrations, applied in order by `bot.store.Store.open`
(`bot.store.migrating`).

A migration is `(version, sql)`; versions run 1, 2, 3, ... without gaps. A released
migration is never edited: change the schema by appending a new one. Each is applied in
its own transaction together with the row that records it in `schema_version`.

Timestamps are UTC ISO-8601 text of fixed width (`2025-01-31T09:00:00.000000+00:00`),
so they compare correctly as strings.
"""

from __future__ import annotations

from bot.store.migrating import Migration

_V1 = """
CREATE TABLE staff_bindings (
    tg_user_id     INTEGER PRIMARY KEY,
    employee_key   TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('staff', 'admin')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    last_active_at TEXT
);

CREATE TABLE group_subscriptions (
    chat_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, kind)
);

CREATE TABLE notifier_cursors (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id         INTEGER NOT NULL,
    dedup_key       TEXT NOT NULL UNIQUE,
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    message_id      INTEGER,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE audit_log (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    at                 TEXT NOT NULL,
    actor_tg_id        INTEGER,
    actor_employee_key TEXT,
    action             TEXT NOT NULL,
    target             TEXT,
    detail             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    result             TEXT NOT NULL CHECK (result = 'ok' OR result LIKE 'error:_%')
);

CREATE INDEX audit_log_action ON audit_log (action, id);

CREATE TABLE fsm (
    key        TEXT PRIMARY KEY,
    state      TEXT,
    data       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    updated_at TEXT NOT NULL
);
"""

_V2 = """
CREATE TABLE access_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tg_user_id  INTEGER NOT NULL,
    full_name   TEXT NOT NULL,
    username    TEXT,
    phone       TEXT,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by  INTEGER,
    decided_by_name TEXT,
    employee_key TEXT,
    created_at  TEXT NOT NULL,
    decided_at  TEXT
);
CREATE UNIQUE INDEX access_requests_one_pending
    ON access_requests (tg_user_id) WHERE status = 'pending';

CREATE TABLE access_request_messages (
    request_id  INTEGER NOT NULL REFERENCES access_requests (id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (request_id, chat_id)
);

CREATE TABLE invites (
    code         TEXT PRIMARY KEY,
    employee_key TEXT NOT NULL,
    created_by   INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_by      INTEGER,
    used_at      TEXT
);

CREATE TABLE contacts_shared (
    tg_user_id  INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL,
    shared_at   TEXT NOT NULL
);
"""

_V3 = """
CREATE TABLE revoked_users (
    tg_user_id   INTEGER PRIMARY KEY,
    employee_key TEXT NOT NULL,
    revoked_by   INTEGER,
    revoked_at   TEXT NOT NULL
);

CREATE TABLE audit_log_v3 (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    at                 TEXT NOT NULL,
    actor_tg_id        INTEGER,
    actor_employee_key TEXT,
    action             TEXT NOT NULL,
    target             TEXT,
    detail             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    result             TEXT NOT NULL
                       CHECK (result IN ('ok', 'unknown') OR result LIKE 'error:_%')
);
INSERT INTO audit_log_v3 SELECT * FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v3 RENAME TO audit_log;
CREATE INDEX audit_log_action ON audit_log (action, id);
"""

_V4 = """
CREATE TABLE access_requests_v4 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tg_user_id  INTEGER NOT NULL,
    full_name   TEXT NOT NULL,
    username    TEXT,
    phone       TEXT,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
    decided_by  INTEGER,
    decided_by_name TEXT,
    employee_key TEXT,
    created_at  TEXT NOT NULL,
    decided_at  TEXT
);
INSERT INTO access_requests_v4 SELECT * FROM access_requests;
CREATE TABLE access_request_messages_v4 (
    request_id  INTEGER NOT NULL REFERENCES access_requests_v4 (id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (request_id, chat_id)
);
INSERT INTO access_request_messages_v4 SELECT * FROM access_request_messages;
DROP TABLE access_request_messages;
DROP TABLE access_requests;
ALTER TABLE access_requests_v4 RENAME TO access_requests;
ALTER TABLE access_request_messages_v4 RENAME TO access_request_messages;
CREATE UNIQUE INDEX access_requests_one_pending
    ON access_requests (tg_user_id) WHERE status = 'pending';

CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
"""

_V5 = """
ALTER TABLE group_subscriptions ADD COLUMN filters TEXT NOT NULL DEFAULT '{}';
ALTER TABLE outbox ADD COLUMN lead_id TEXT;
CREATE INDEX outbox_lead ON outbox (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX outbox_chat_pending ON outbox (chat_id, id) WHERE status = 'pending';

CREATE TABLE seen_leads (
    lead_id    TEXT PRIMARY KEY,
    created_at TEXT,
    seen_at    TEXT NOT NULL
);

CREATE TABLE lead_claims (
    lead_id      TEXT PRIMARY KEY,
    tg_user_id   INTEGER,
    employee_key TEXT,
    name         TEXT,
    deal_id      TEXT,
    claimed_at   TEXT NOT NULL
);
"""

_V6 = """
CREATE TABLE alerts_off (
    tg_user_id INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tg_user_id, kind)
);
"""

_V7 = """
CREATE TABLE unreadable_leads (
    record_key    TEXT PRIMARY KEY,
    lead_id       TEXT,
    reason        TEXT NOT NULL,
    first_seen_at TEXT NOT NULL
);

CREATE TABLE muted_groups (
    chat_id INTEGER PRIMARY KEY,
    reason  TEXT NOT NULL,
    since   TEXT NOT NULL
);
"""

_V8 = """
CREATE TABLE write_attempts (
    tg_user_id  INTEGER NOT NULL,
    token       TEXT NOT NULL,
    action      TEXT NOT NULL,
    result      TEXT CHECK (result IS NULL OR result IN ('ok', 'unknown')),
    record      TEXT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (tg_user_id, token)
);
CREATE INDEX write_attempts_started ON write_attempts (started_at);
"""

MIGRATIONS: tuple[Migration, ...] = (
    (1, _V1),
    (2, _V2),
    (3, _V3),
    (4, _V4),
    (5, _V5),
    (6, _V6),
    (7, _V7),
    (8, _V8),
)
