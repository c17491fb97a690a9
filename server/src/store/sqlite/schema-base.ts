// The SQLite store's migrations 1–12, as released before reports, intake and handover (api.md v1.1).
// Frozen: never edit one; new migrations go in ./schema-reports.ts (see ./migrations.ts).
export const BASE_MIGRATIONS: readonly string[] = [
  // 1: initial schema.
  `
  CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    van_id        TEXT,
    created_at    INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_username ON sessions (username);
  CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT,
    compound_id TEXT,
    lat         REAL,
    lng         REAL,
    attrs       TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );
  CREATE INDEX devices_type ON devices (type);
  CREATE INDEX devices_compound ON devices (compound_id);
  CREATE TABLE device_state (
    device_id TEXT PRIMARY KEY,
    state     TEXT NOT NULL,
    status    TEXT NOT NULL,
    last_seen INTEGER,
    rules     TEXT NOT NULL
  );
  CREATE TABLE compounds (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    outline    TEXT NOT NULL,
    address    TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE alarms (
    id           TEXT PRIMARY KEY,
    device_id    TEXT NOT NULL,
    rule         TEXT NOT NULL,
    severity     TEXT NOT NULL,
    active       INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    raised_at    INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    cleared_at   INTEGER,
    last_value   TEXT NOT NULL,
    acked_at     INTEGER,
    acked_by     TEXT,
    ticket_id    TEXT
  );
  CREATE INDEX alarms_device_rule ON alarms (device_id, rule);
  CREATE INDEX alarms_active ON alarms (active, raised_at);
  CREATE INDEX alarms_raised ON alarms (raised_at);
  CREATE TABLE tickets (
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL,
    priority     TEXT NOT NULL,
    source       TEXT NOT NULL,
    category     TEXT NOT NULL,
    description  TEXT NOT NULL,
    device_id    TEXT,
    alarm_rule   TEXT,
    compound_id  TEXT,
    lat          REAL,
    lng          REAL,
    address      TEXT,
    reporter     TEXT,
    van_id       TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    dispatched_at INTEGER,
    accepted_at  INTEGER,
    arrived_at   INTEGER,
    resolved_at  INTEGER,
    closed_at    INTEGER,
    respond_by   INTEGER NOT NULL,
    resolve_by   INTEGER NOT NULL,
    callback     TEXT
  );
  CREATE INDEX tickets_status ON tickets (status);
  CREATE INDEX tickets_device ON tickets (device_id);
  CREATE INDEX tickets_compound ON tickets (compound_id);
  CREATE INDEX tickets_van ON tickets (van_id);
  CREATE INDEX tickets_created ON tickets (created_at);
  CREATE TABLE ticket_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    at        INTEGER NOT NULL,
    type      TEXT NOT NULL,
    "by"      TEXT NOT NULL,
    data      TEXT NOT NULL
  );
  CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
  CREATE TABLE telemetry (
    device_id TEXT NOT NULL,
    ts        INTEGER NOT NULL,
    data      TEXT NOT NULL
  );
  CREATE INDEX telemetry_device_ts ON telemetry (device_id, ts);
  CREATE TABLE telemetry_rollup (
    device_id TEXT NOT NULL,
    metric    TEXT NOT NULL,
    bucket_ts INTEGER NOT NULL,
    "min"     REAL NOT NULL,
    "max"     REAL NOT NULL,
    "avg"     REAL NOT NULL,
    "count"   INTEGER NOT NULL,
    PRIMARY KEY (device_id, metric, bucket_ts)
  );
  CREATE INDEX telemetry_rollup_bucket ON telemetry_rollup (bucket_ts);
  `,
  // 2: vans; ticket SLA state and callback deadline; (created_at, id) serves listTickets' whole order.
  `
  CREATE TABLE vans (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    home_lat   REAL,
    home_lng   REAL,
    created_at INTEGER NOT NULL
  );
  ALTER TABLE tickets ADD COLUMN sla_status TEXT;
  ALTER TABLE tickets ADD COLUMN sla_breaches TEXT;
  ALTER TABLE tickets ADD COLUMN callback_by INTEGER;
  CREATE INDEX tickets_created_id ON tickets (created_at, id);
  DROP INDEX tickets_created;
  `,
  // 3: sites — red sail stations inside compounds and the depot (no foreign key: compounds are
  // checked by the service, as devices' compounds are).
  `
  CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    lat         REAL NOT NULL,
    lng         REAL NOT NULL,
    compound_id TEXT,
    address     TEXT,
    phone       TEXT,
    created_at  INTEGER NOT NULL
  );
  `,
  // 4: uniqueness claims in the database (api.md "Cluster mode"), and lease fences. An active alarm
  // repeated for one device and rule (never written by a correct build) is cleared first, keeping the
  // newest, so the index can be built.
  `
  UPDATE alarms SET active = 0, cleared_at = last_seen_at
  WHERE active = 1 AND EXISTS (
    SELECT 1 FROM alarms newer
    WHERE newer.device_id = alarms.device_id AND newer.rule = alarms.rule AND newer.active = 1
      AND (newer.raised_at > alarms.raised_at OR (newer.raised_at = alarms.raised_at AND newer.id > alarms.id))
  );
  CREATE UNIQUE INDEX alarms_one_active ON alarms (device_id, rule) WHERE active = 1;
  CREATE UNIQUE INDEX tickets_one_open_per_fault ON tickets (device_id, alarm_rule)
    WHERE source = 'alarm' AND device_id IS NOT NULL AND alarm_rule IS NOT NULL
      AND status NOT IN ('closed', 'cancelled');
  CREATE UNIQUE INDEX tickets_one_active_per_van ON tickets (van_id)
    WHERE van_id IS NOT NULL AND status IN ('dispatched', 'accepted', 'en_route', 'on_site');
  ALTER TABLE tickets ADD COLUMN rev INTEGER;
  CREATE TABLE fences (
    name  TEXT PRIMARY KEY,
    epoch INTEGER NOT NULL
  );
  `,
  // 5: incidents, silences, flapping, repeat repairs (api.md "Incidents, silences, flapping, verified
  // repairs").
  `
  ALTER TABLE devices ADD COLUMN powered_by TEXT;
  ALTER TABLE alarms ADD COLUMN cause_alarm_id TEXT;
  ALTER TABLE alarms ADD COLUMN silence_id TEXT;
  ALTER TABLE alarms ADD COLUMN flapping INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE alarms ADD COLUMN quiet_since INTEGER;
  CREATE INDEX alarms_by_cause ON alarms (cause_alarm_id) WHERE cause_alarm_id IS NOT NULL;
  ALTER TABLE tickets ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX tickets_by_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL;
  CREATE TABLE silences (
    id          TEXT PRIMARY KEY,
    match       TEXT NOT NULL,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    ticket_id   TEXT,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    ended_by    TEXT
  );
  CREATE INDEX silences_by_end ON silences (ends_at);
  `,
  // 6: accounts that can be disabled, devices taken out of service, the audit trail (api.md
  // "Accounts, secrets and audit").
  `
  ALTER TABLE users ADD COLUMN disabled_at INTEGER;
  ALTER TABLE devices ADD COLUMN decommissioned_at INTEGER;
  CREATE INDEX sessions_by_user ON sessions (username);
  CREATE TABLE audit (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    ip        TEXT,
    data      TEXT NOT NULL
  );
  CREATE INDEX audit_at ON audit (at);
  CREATE INDEX audit_actor ON audit (actor, id);
  CREATE INDEX audit_entity ON audit (entity, entity_id, id);
  -- The trail is append-only: the database refuses to change or remove an entry.
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
  // 7: field work (api.md "Field work and notifications (v1.1)"): parts and labour of a repair, the
  // idempotency keys of people's requests, ticket attachments (their bytes are files beside the database).
  `
  ALTER TABLE tickets ADD COLUMN parts TEXT;
  ALTER TABLE tickets ADD COLUMN labour_min INTEGER;
  CREATE TABLE idempotency_keys (
    username    TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    status      INTEGER,
    body        TEXT,
    PRIMARY KEY (username, key)
  );
  CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
  CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    ticket_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL
  );
  CREATE INDEX attachments_by_ticket ON attachments (ticket_id, created_at, id);
  `,
  // 8: escalation of tickets not accepted in time, and the duty roster (api.md v1.1 "Escalation").
  `
  ALTER TABLE tickets ADD COLUMN escalation_level INTEGER;
  ALTER TABLE tickets ADD COLUMN escalation_from INTEGER;
  CREATE TABLE duty_roster (
    date        TEXT NOT NULL,
    shift_id    TEXT NOT NULL,
    members     TEXT NOT NULL,
    supervisor  TEXT,
    manager     TEXT,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (date, shift_id)
  );
  `,
  // 9: notification channels and their delivery log (api.md "Field work and notifications", Channels).
  // A delivery is claimed once per channel and key (UNIQUE): one node sends it.
  `
  CREATE TABLE notification_channels (
    id           TEXT PRIMARY KEY,
    type         TEXT NOT NULL,
    name         TEXT NOT NULL,
    url          TEXT NOT NULL,
    secret       TEXT,
    min_priority TEXT NOT NULL,
    compound_ids TEXT,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL
  );
  CREATE TABLE notification_deliveries (
    id         TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    at         INTEGER NOT NULL,
    event      TEXT NOT NULL,
    ticket_id  TEXT,
    level      INTEGER,
    attempts   INTEGER NOT NULL,
    ok         INTEGER NOT NULL,
    status     INTEGER,
    error      TEXT,
    done_at    INTEGER,
    UNIQUE (channel_id, key)
  );
  CREATE INDEX notification_deliveries_by_channel ON notification_deliveries (channel_id, at, id);
  `,
  // 10: settings made once and kept (the VAPID key pair), and the users' Web Push subscriptions (api.md
  // "Field work and notifications", Web Push).
  `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE push_subscriptions (
    endpoint   TEXT PRIMARY KEY,
    username   TEXT NOT NULL,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX push_subscriptions_by_user ON push_subscriptions (username);
  `,
  // 11: road closures (api.md v1.1 "Roads, routes and tracks"): in force until `until` or ended.
  `
  CREATE TABLE road_closures (
    id         TEXT PRIMARY KEY,
    geometry   TEXT NOT NULL,
    radius_m   REAL NOT NULL,
    reason     TEXT NOT NULL,
    until      INTEGER,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    ended_at   INTEGER,
    ended_by   TEXT
  );
  CREATE INDEX road_closures_open ON road_closures (created_at, id) WHERE ended_at IS NULL;
  `,
  // Road time from the van at dispatch (api.md v1.1 "Roads, routes and tracks").
  `
  ALTER TABLE tickets ADD COLUMN eta_s INTEGER;
  `,
];
