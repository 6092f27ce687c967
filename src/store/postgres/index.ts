// The PostgreSQL backend: re-exports only.
export { PgStore, PG_RECORD_LIMIT, type PgStoreOptions } from './pg-store.js';
export { isPostgresUrl, redactUrl } from './connect.js';
