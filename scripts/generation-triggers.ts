/**
 * Prints triggers as migration SQL: `npx tsx scripts/generation-triggers.ts sqlite|postgres [TABLE…]`
 * the data-generation triggers (all bumped tables by default); `… sqlite|postgres task-versions` the
 * task-version triggers and functions (db/generation-triggers.ts, TASK_VERSION_SOURCES).
 */
import { bumpedTables, pgGenerationTriggers, pgTaskVersionTriggers, sqliteGenerationTriggers, sqliteTaskVersionTriggers } from '@/db/generation-triggers';

const [engine, ...tables] = process.argv.slice(2);
const taskVersions = tables.length === 1 && tables[0] === 'task-versions';
const list = () => (tables.length ? tables : bumpedTables());
if (engine === 'sqlite') console.log(taskVersions ? sqliteTaskVersionTriggers() : sqliteGenerationTriggers(list()));
else if (engine === 'postgres') console.log(taskVersions ? pgTaskVersionTriggers() : pgGenerationTriggers(list()));
else {
  console.error('用法：npx tsx scripts/generation-triggers.ts sqlite|postgres [表名…|task-versions]');
  process.exit(2);
}
