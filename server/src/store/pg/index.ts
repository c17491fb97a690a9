// The PostgreSQL Store backend (DATABASE_URL). Import from here, not from the files inside.
export { openPgStore, type PgStoreOptions } from './pg-store';
export { PG_MIGRATIONS, PgSchemaTooNewError } from './migrations';
