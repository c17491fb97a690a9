// The PostgreSQL store's migrations 1–9, as released before reports, intake and handover (api.md v1.1).
// Frozen: never edit one; new migrations go in ./schema-reports.ts (see ./migrations.ts).
export const BASE_PG_MIGRATIONS: readonly string[] = [
  // 1: initial schema.
  `
  CREATE TABLE users (
    username      TEXT COLLATE "C" PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    van_id        TEXT,
    created_at    BIGINT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT COLLATE "C" NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX sessions_username ON sessions (username);
  CREATE TABLE devices (
    id          TEXT COLLATE "C" PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT,
    compound_id TEXT,
    lat         DOUBLE PRECISION,
    lng         DOUBLE PRECISION,
    attrs       JSONB NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  BIGINT NOT NULL
  );
  CREATE INDEX devices_type ON devices (type);
  CREATE INDEX devices_compound ON devices (compound_id);
  CREATE TABLE device_state (
    device_id TEXT COLLATE "C" PRIMARY KEY,
    state     JSONB NOT NULL,
    status    TEXT NOT NULL,
    last_seen BIGINT,
    rules     JSONB NOT NULL
  );
  CREATE TABLE compounds (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    outline    JSONB NOT NULL,
    address    TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE alarms (
    id           TEXT COLLATE "C" PRIMARY KEY,
    device_id    TEXT NOT NULL,
    rule         TEXT NOT NULL,
    severity     TEXT NOT NULL,
    active       BOOLEAN NOT NULL,
    count        INTEGER NOT NULL,
    raised_at    BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    cleared_at   BIGINT,
    last_value   JSONB NOT NULL,
    acked_at     BIGINT,
    acked_by     TEXT,
    ticket_id    TEXT
  );
  CREATE INDEX alarms_device_rule ON alarms (device_id, rule);
  CREATE INDEX alarms_active ON alarms (active, raised_at);
  CREATE INDEX alarms_raised ON alarms (raised_at);
  CREATE UNIQUE INDEX alarms_one_active ON alarms (device_id, rule) WHERE active;
  CREATE TABLE tickets (
    id            TEXT COLLATE "C" PRIMARY KEY,
    status        TEXT NOT NULL,
    priority      TEXT NOT NULL,
    source        TEXT NOT NULL,
    category      TEXT NOT NULL,
    description   TEXT NOT NULL,
    device_id     TEXT,
    alarm_rule    TEXT,
    compound_id   TEXT,
    lat           DOUBLE PRECISION,
    lng           DOUBLE PRECISION,
    address       TEXT,
    reporter      JSONB,
    van_id        TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    dispatched_at BIGINT,
    accepted_at   BIGINT,
    arrived_at    BIGINT,
    resolved_at   BIGINT,
    closed_at     BIGINT,
    respond_by    BIGINT NOT NULL,
    resolve_by    BIGINT NOT NULL,
    callback      JSONB,
    sla_status    TEXT,
    sla_breaches  JSONB,
    callback_by   BIGINT,
    rev           BIGINT
  );
  CREATE INDEX tickets_status ON tickets (status);
  CREATE INDEX tickets_device ON tickets (device_id);
  CREATE INDEX tickets_compound ON tickets (compound_id);
  CREATE INDEX tickets_van ON tickets (van_id);
  CREATE INDEX tickets_created_id ON tickets (created_at, id);
  CREATE UNIQUE INDEX tickets_one_open_per_fault ON tickets (device_id, alarm_rule)
    WHERE source = 'alarm' AND device_id IS NOT NULL AND alarm_rule IS NOT NULL
      AND status NOT IN ('closed', 'cancelled');
  CREATE UNIQUE INDEX tickets_one_active_per_van ON tickets (van_id)
    WHERE van_id IS NOT NULL AND status IN ('dispatched', 'accepted', 'en_route', 'on_site');
  CREATE TABLE ticket_events (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id TEXT COLLATE "C" NOT NULL
              REFERENCES tickets (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    at        BIGINT NOT NULL,
    type      TEXT NOT NULL,
    "by"      TEXT NOT NULL,
    data      JSONB NOT NULL
  );
  CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
  CREATE TABLE telemetry (
    id        BIGINT GENERATED ALWAYS AS IDENTITY,
    device_id TEXT COLLATE "C" NOT NULL,
    ts        BIGINT NOT NULL,
    data      JSONB NOT NULL
  );
  CREATE INDEX telemetry_device_ts ON telemetry (device_id, ts);
  CREATE TABLE telemetry_rollup (
    device_id TEXT COLLATE "C" NOT NULL,
    metric    TEXT NOT NULL,
    bucket_ts BIGINT NOT NULL,
    "min"     DOUBLE PRECISION NOT NULL,
    "max"     DOUBLE PRECISION NOT NULL,
    "avg"     DOUBLE PRECISION NOT NULL,
    "count"   BIGINT NOT NULL,
    PRIMARY KEY (device_id, metric, bucket_ts)
  );
  CREATE INDEX telemetry_rollup_bucket ON telemetry_rollup (bucket_ts);
  CREATE TABLE vans (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    home_lat   DOUBLE PRECISION,
    home_lng   DOUBLE PRECISION,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE sites (
    id          TEXT COLLATE "C" PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    lng         DOUBLE PRECISION NOT NULL,
    compound_id TEXT,
    address     TEXT,
    phone       TEXT,
    created_at  BIGINT NOT NULL
  );
  CREATE TABLE fences (
    name  TEXT PRIMARY KEY,
    epoch BIGINT NOT NULL
  );
  `,
  // 2: incidents, silences, flapping, repeat repairs (SQLite migration 5). NULL flapping and repeat_count
  // read as absent: false and 0.
  `
  ALTER TABLE devices ADD COLUMN powered_by TEXT;
  ALTER TABLE alarms ADD COLUMN cause_alarm_id TEXT COLLATE "C";
  ALTER TABLE alarms ADD COLUMN silence_id TEXT;
  ALTER TABLE alarms ADD COLUMN flapping BOOLEAN;
  ALTER TABLE alarms ADD COLUMN quiet_since BIGINT;
  CREATE INDEX alarms_by_cause ON alarms (cause_alarm_id) WHERE cause_alarm_id IS NOT NULL;
  ALTER TABLE tickets ADD COLUMN repeat_count INTEGER;
  CREATE INDEX tickets_by_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL;
  CREATE TABLE silences (
    id          TEXT COLLATE "C" PRIMARY KEY,
    match       JSONB NOT NULL,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    ticket_id   TEXT,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    ended_at    BIGINT,
    ended_by    TEXT
  );
  CREATE INDEX silences_by_end ON silences (ends_at);
  `,
  // 3: accounts that can be disabled, devices taken out of service, the audit trail (SQLite migration 6).
  `
  ALTER TABLE users ADD COLUMN disabled_at BIGINT;
  ALTER TABLE devices ADD COLUMN decommissioned_at BIGINT;
  CREATE INDEX sessions_by_user ON sessions (username);
  CREATE TABLE audit (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    ip        TEXT,
    data      JSONB NOT NULL
  );
  CREATE INDEX audit_at ON audit (at);
  CREATE INDEX audit_actor ON audit (actor, id);
  CREATE INDEX audit_entity ON audit (entity, entity_id, id);
  -- The trail is append-only: the database refuses to change or remove an entry.
  CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
  CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
  `,
  // 4: field work (SQLite migration 7): parts and labour of a repair, idempotency keys, attachments with
  // their bytes (bytea: every node reads them from the one database).
  `
  ALTER TABLE tickets ADD COLUMN parts JSONB;
  ALTER TABLE tickets ADD COLUMN labour_min INTEGER;
  CREATE TABLE idempotency_keys (
    username    TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    status      INTEGER,
    body        TEXT,
    PRIMARY KEY (username, key)
  );
  CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
  CREATE TABLE attachments (
    id           TEXT COLLATE "C" PRIMARY KEY,
    ticket_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    data         BYTEA NOT NULL
  );
  CREATE INDEX attachments_by_ticket ON attachments (ticket_id, created_at, id);
  `,
  // 5: escalation of tickets not accepted in time, and the duty roster (SQLite migration 8).
  `
  ALTER TABLE tickets ADD COLUMN escalation_level INTEGER;
  ALTER TABLE tickets ADD COLUMN escalation_from BIGINT;
  CREATE TABLE duty_roster (
    date        TEXT COLLATE "C" NOT NULL,
    shift_id    TEXT COLLATE "C" NOT NULL,
    members     JSONB NOT NULL,
    supervisor  TEXT,
    manager     TEXT,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (date, shift_id)
  );
  `,
  // 6: notification channels and their delivery log (SQLite migration 9). A delivery is claimed once
  // per channel and key (UNIQUE): one node sends it.
  `
  CREATE TABLE notification_channels (
    id           TEXT COLLATE "C" PRIMARY KEY,
    type         TEXT NOT NULL,
    name         TEXT NOT NULL,
    url          TEXT NOT NULL,
    secret       TEXT,
    min_priority TEXT NOT NULL,
    compound_ids JSONB,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
  );
  CREATE TABLE notification_deliveries (
    id         TEXT COLLATE "C" PRIMARY KEY,
    channel_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    at         BIGINT NOT NULL,
    event      TEXT NOT NULL,
    ticket_id  TEXT,
    level      INTEGER,
    attempts   INTEGER NOT NULL,
    ok         BOOLEAN NOT NULL,
    status     INTEGER,
    error      TEXT,
    done_at    BIGINT,
    UNIQUE (channel_id, key)
  );
  CREATE INDEX notification_deliveries_by_channel ON notification_deliveries (channel_id, at, id);
  `,
  // 7: settings made once and kept (the VAPID key pair), and the users' Web Push subscriptions (SQLite
  // migration 10).
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
    created_at BIGINT NOT NULL
  );
  CREATE INDEX push_subscriptions_by_user ON push_subscriptions (username);
  `,
  // 8: road closures (SQLite migration 11; api.md v1.1 "Roads, routes and tracks"): in force until `until` or ended.
  `
  CREATE TABLE road_closures (
    id         TEXT PRIMARY KEY,
    geometry   JSONB NOT NULL,
    radius_m   DOUBLE PRECISION NOT NULL,
    reason     TEXT NOT NULL,
    until      BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at   BIGINT,
    ended_by   TEXT
  );
  CREATE INDEX road_closures_open ON road_closures (created_at, id) WHERE ended_at IS NULL;
  `,
  // Road time from the van at dispatch (api.md v1.1 "Roads, routes and tracks"; SQLite: the same).
  `
  ALTER TABLE tickets ADD COLUMN eta_s INTEGER;
  `,
];
