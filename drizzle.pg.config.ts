import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL migrations (server mode), from the schema derived from the SQLite one (db/pg-schema-source.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg.ts',
  out: './db/migrations-pg',
});
