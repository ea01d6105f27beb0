/** The squid's database pieces for other packages (the bench): its embedded Postgres and the `DB_*` environment. */
export { type DbConnection, dbEnv, pgClientConfig } from './config.ts';
export { type EmbeddedPostgresOptions, EmbeddedPostgresServer, freePort } from './postgres.ts';
