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

/**
 * What a written row of each table the lights read (lib/warnings/signal-service.ts,
 * computeSignalsNow) may change: its task (`task`: the column naming it, or the report it belongs
 * to), every task of its list (`list`: the column naming the list; a list's year, cadence and
 * months), or every task (`all`: a unit's name, which any list's reasons may quote). `onUpdateOf`:
 * only an update of those columns matters (a new list or unit has no tasks yet; deleting one
 * deletes its tasks' rows, which note them). The triggers note, in task_versions (db/schema-sqlite.ts,
 * taskVersions), the task's id, minus the list's id, or 0, at the current data generation.
 */
export type TaskSource = { task: string; viaReport?: true } | { list: string; onUpdateOf?: readonly string[] } | { all: true; onUpdateOf?: readonly string[] };
export const TASK_VERSION_SOURCES: Readonly<Record<string, TaskSource>> = {
  tasks: { task: 'id' },
  task_units: { task: 'task_id' },
  reports: { task: 'task_id' },
  contributions: { task: 'task_id' },
  report_indicator_values: { task: 'report_id', viaReport: true },
  indicators: { task: 'task_id' },
  milestone_plans: { task: 'task_id' },
  milestones: { task: 'task_id' },
  extension_requests: { task: 'task_id' },
  task_flags: { task: 'task_id' },
  plans: { list: 'id', onUpdateOf: ['year', 'cadence'] },
  reporting_periods: { list: 'plan_id' },
  units: { all: true, onUpdateOf: ['name'] },
};

/** A task moved to another list: every task of the list it left (that list's lights no longer see it). */
const LIST_MOVE_TRIGGER = 'tasks_notes_list_move';

const SQLITE_EVENTS = ['insert', 'update', 'delete'] as const;

function onlyUpdatesOf(source: TaskSource): readonly string[] | undefined {
  return 'task' in source ? undefined : source.onUpdateOf;
}

export function sqliteTaskVersionTriggerNames(table: string): string[] {
  const events = onlyUpdatesOf(TASK_VERSION_SOURCES[table]!) ? ['update'] : SQLITE_EVENTS;
  return [...events.map((event) => `${table}_notes_task_${event}`), ...(table === 'tasks' ? [LIST_MOVE_TRIGGER] : [])];
}

/** PostgreSQL's trigger names for a table (db/schema-parity.test.ts checks they exist). */
export function pgTaskVersionTriggerNames(table: string): string[] {
  const source = TASK_VERSION_SOURCES[table]!;
  return [...('all' in source ? [] : [`${table}_notes_task`]), `${table}_notes_every_task`, ...(table === 'tasks' ? [LIST_MOVE_TRIGGER] : [])];
}

/** SQLite: a row trigger per event; an update notes the task before and after (it may have moved). */
export function sqliteTaskVersionTriggers(): string {
  const upsert = (select: string) =>
    `INSERT INTO \`task_versions\` (\`task_id\`, \`version\`) ${select} ON CONFLICT (\`task_id\`) DO UPDATE SET \`version\` = excluded.\`version\`;`;
  const note = (source: TaskSource, row: 'NEW' | 'OLD') => {
    if ('all' in source) return upsert('SELECT 0, `n` FROM `data_generation` WHERE `id` = 1');
    if ('list' in source) return upsert(`SELECT -${row}.\`${source.list}\`, \`n\` FROM \`data_generation\` WHERE \`id\` = 1 AND ${row}.\`${source.list}\` IS NOT NULL`);
    if (source.viaReport) return upsert(`SELECT r.\`task_id\`, g.\`n\` FROM \`reports\` r, \`data_generation\` g WHERE r.\`id\` = ${row}.\`${source.task}\` AND g.\`id\` = 1`);
    // Never a NULL: it would make SQLite pick a new task_id (the integer primary key).
    return upsert(`SELECT ${row}.\`${source.task}\`, \`n\` FROM \`data_generation\` WHERE \`id\` = 1 AND ${row}.\`${source.task}\` IS NOT NULL`);
  };
  const triggers = Object.entries(TASK_VERSION_SOURCES).flatMap(([table, source]) => {
    const only = onlyUpdatesOf(source);
    return (only ? (['update'] as const) : SQLITE_EVENTS).map((event) => {
      const on = only ? `UPDATE OF ${only.map((c) => `\`${c}\``).join(', ')}` : event.toUpperCase();
      const body = event === 'insert' ? note(source, 'NEW') : event === 'delete' || 'all' in source ? note(source, 'OLD') : `${note(source, 'OLD')} ${note(source, 'NEW')}`;
      return `CREATE TRIGGER \`${table}_notes_task_${event}\` AFTER ${on} ON \`${table}\` BEGIN ${body} END;`;
    });
  });
  triggers.push(
    `CREATE TRIGGER \`${LIST_MOVE_TRIGGER}\` AFTER UPDATE OF \`plan_id\` ON \`tasks\` WHEN OLD.\`plan_id\` IS NOT NEW.\`plan_id\` BEGIN ${note({ list: 'plan_id' }, 'OLD')} END;`,
  );
  return triggers.join('\n--> statement-breakpoint\n');
}

/**
 * PostgreSQL: a row trigger per table that notes the row's task or list (note_task_change), and a
 * statement trigger that notes every task (note_every_task_change) for a unit's name and for a
 * TRUNCATE of any. Both lock the data generation's row first, as its bump does: writers take their
 * locks in one order and never wait on each other in a circle.
 */
export function pgTaskVersionTriggers(): string {
  const functions = [
    `CREATE FUNCTION note_task_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[] := '{}';
BEGIN
  -- TG_ARGV[0]: the column naming the task; TG_ARGV[1] = 'report': it names a report (its task is
  -- noted), 'list': it names a list (every task of it: minus the list's id); TG_ARGV[2] = 'old':
  -- only the row as it was.
  IF TG_OP <> 'DELETE' AND TG_ARGV[2] IS DISTINCT FROM 'old' THEN ids := ids || (to_jsonb(NEW) ->> TG_ARGV[0])::integer; END IF;
  IF TG_OP <> 'INSERT' THEN ids := ids || (to_jsonb(OLD) ->> TG_ARGV[0])::integer; END IF;
  IF TG_ARGV[1] = 'report' THEN ids := ARRAY(SELECT task_id FROM reports WHERE id = ANY (ids)); END IF;
  IF TG_ARGV[1] = 'list' THEN ids := ARRAY(SELECT -x FROM unnest(ids) AS x); END IF;
  PERFORM 1 FROM data_generation WHERE id = 1 FOR UPDATE;
  INSERT INTO task_versions (task_id, version)
    SELECT DISTINCT t.id, g.n FROM unnest(ids) AS t(id), data_generation g WHERE g.id = 1 AND t.id IS NOT NULL
    ON CONFLICT (task_id) DO UPDATE SET version = excluded.version;
  RETURN NULL;
END;
$$;`,
    `CREATE FUNCTION note_every_task_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM data_generation WHERE id = 1 FOR UPDATE;
  INSERT INTO task_versions (task_id, version) SELECT 0, n FROM data_generation WHERE id = 1
    ON CONFLICT (task_id) DO UPDATE SET version = excluded.version;
  RETURN NULL;
END;
$$;`,
  ];
  const events = (source: TaskSource) => {
    const only = onlyUpdatesOf(source);
    return only ? `UPDATE OF ${only.map((c) => `"${c}"`).join(', ')}` : 'INSERT OR UPDATE OR DELETE';
  };
  const triggers = Object.entries(TASK_VERSION_SOURCES).flatMap(([table, source]) =>
    'all' in source
      ? [`CREATE TRIGGER "${table}_notes_every_task" AFTER ${events(source)} OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();`]
      : [
          'list' in source
            ? `CREATE TRIGGER "${table}_notes_task" AFTER ${events(source)} ON "${table}" FOR EACH ROW EXECUTE FUNCTION note_task_change('${source.list}', 'list');`
            : `CREATE TRIGGER "${table}_notes_task" AFTER ${events(source)} ON "${table}" FOR EACH ROW EXECUTE FUNCTION note_task_change('${source.task}'${source.viaReport ? ", 'report'" : ''});`,
          `CREATE TRIGGER "${table}_notes_every_task" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();`,
        ],
  );
  triggers.push(
    `CREATE TRIGGER "${LIST_MOVE_TRIGGER}" AFTER UPDATE OF "plan_id" ON "tasks" FOR EACH ROW WHEN (OLD.plan_id IS DISTINCT FROM NEW.plan_id) EXECUTE FUNCTION note_task_change('plan_id', 'list', 'old');`,
  );
  return [...functions, ...triggers].join('\n--> statement-breakpoint\n');
}
