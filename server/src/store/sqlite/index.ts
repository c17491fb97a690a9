// The SQLite Store backend (the default). Import from here, not from the files inside.
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store';
export { MIGRATIONS, SchemaTooNewError } from './migrations';
