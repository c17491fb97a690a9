// The PostgreSQL store's migrations from 10 on (reports, intake and handover, api.md v1.1; SQLite
// migrations 13 on). APPEND only.
export const REPORT_PG_MIGRATIONS: readonly string[] = [
  // 10 (SQLite 13): every caller of a ticket and the callback made to each, the integrations that file
  // Open311 requests (their API key hashed as device secrets are: HMAC-SHA256 under the server key), and the dispatchers' shift handovers.
  `
  ALTER TABLE tickets ADD COLUMN callers JSONB;
  CREATE TABLE integrations (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT NOT NULL,
    source       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    revoked_by   TEXT,
    last_used_at BIGINT
  );
  CREATE TABLE handovers (
    id         TEXT COLLATE "C" PRIMARY KEY,
    from_user  TEXT NOT NULL,
    note       TEXT NOT NULL,
    snapshot   JSONB NOT NULL,
    created_at BIGINT NOT NULL,
    acked_by   TEXT,
    acked_at   BIGINT,
    ack_note   TEXT
  );
  CREATE INDEX handovers_created ON handovers (created_at, id);
  `,
  // What a ticket's eta_s is based on: 'road' or 'straight' (TicketDto.etaBasis).
  `
  ALTER TABLE tickets ADD COLUMN eta_basis TEXT;
  `,
];
