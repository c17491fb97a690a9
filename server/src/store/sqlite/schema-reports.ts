// The SQLite store's migrations from 13 on (reports, intake and handover, api.md v1.1). APPEND only.
export const REPORT_MIGRATIONS: readonly string[] = [
  // 13: every caller of a ticket and the callback made to each (JSON), the integrations that file
  // Open311 requests (their API key hashed as device secrets are: HMAC-SHA256 under the server key), and the dispatchers' shift handovers.
  `
  ALTER TABLE tickets ADD COLUMN callers TEXT;
  CREATE TABLE integrations (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    source       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    revoked_by   TEXT,
    last_used_at INTEGER
  );
  CREATE TABLE handovers (
    id         TEXT PRIMARY KEY,
    from_user  TEXT NOT NULL,
    note       TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    acked_by   TEXT,
    acked_at   INTEGER,
    ack_note   TEXT
  );
  CREATE INDEX handovers_created ON handovers (created_at, id);
  `,
  // What a ticket's eta_s is based on: 'road' or 'straight' (TicketDto.etaBasis).
  `
  ALTER TABLE tickets ADD COLUMN eta_basis TEXT;
  `,
];
