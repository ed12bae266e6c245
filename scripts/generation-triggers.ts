/** Prints the data-generation triggers as migration SQL: `npx tsx scripts/generation-triggers.ts sqlite|postgres [TABLE…]` (all bumped tables by default). */
import { bumpedTables, pgGenerationTriggers, sqliteGenerationTriggers } from '@/db/generation-triggers';

const [engine, ...tables] = process.argv.slice(2);
const list = tables.length ? tables : bumpedTables();
if (engine === 'sqlite') console.log(sqliteGenerationTriggers(list));
else if (engine === 'postgres') console.log(pgGenerationTriggers(list));
else {
  console.error('用法：npx tsx scripts/generation-triggers.ts sqlite|postgres [表名…]');
  process.exit(2);
}
