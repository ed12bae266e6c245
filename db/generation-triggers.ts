import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema-sqlite';

/**
 * The triggers that bump the data generation (db/schema-sqlite.ts, dataGenerationCounter) on
 * every write to a table, as migration SQL for each engine. A migration that adds a table adds its
 * triggers too (`npx tsx scripts/generation-triggers.ts sqlite|postgres TABLE…` prints them);
 * db/schema-parity.test.ts fails for a table without them. The number wraps well before the
 * 32-bit limit: it only has to change.
 */
export const GENERATION_WRAP = 1_000_000_000;

export function bumpedTables(): string[] {
  const exempt = new Set<string>(schema.GENERATION_EXEMPT_TABLES);
  return (Object.values(schema) as unknown[])
    .filter((t): t is SQLiteTable => is(t, SQLiteTable))
    .map((t) => getTableName(t))
    .filter((name) => !exempt.has(name))
    .sort();
}

export function sqliteTriggerNames(table: string): string[] {
  return ['insert', 'update', 'delete'].map((event) => `${table}_bumps_generation_${event}`);
}

export function sqliteGenerationTriggers(tables: string[]): string {
  return tables
    .flatMap((table) =>
      ['insert', 'update', 'delete'].map(
        (event) => `CREATE TRIGGER \`${table}_bumps_generation_${event}\` AFTER ${event.toUpperCase()} ON \`${table}\` BEGIN UPDATE \`data_generation\` SET \`n\` = (\`n\` + 1) % ${GENERATION_WRAP} WHERE \`id\` = 1; END;`,
      ),
    )
    .join('\n--> statement-breakpoint\n');
}

/** PostgreSQL: one statement-level trigger per table (the function is created once, in the same migration). */
export function pgGenerationTriggers(tables: string[]): string {
  return tables
    .map((table) => `CREATE TRIGGER "${table}_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();`)
    .join('\n--> statement-breakpoint\n');
}
