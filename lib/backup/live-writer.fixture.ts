/**
 * Test fixture (run with tsx as a separate process): keeps uploading and deleting attachments
 * through the real service, so a backup can be taken while another process writes.
 *   tsx lib/backup/live-writer.fixture.ts <DATA_DIR> <STOP_FILE> [DATABASE_URL of a PostgreSQL test database]
 * Prints "ready" once writing, then one line per 10 writes; a JSON summary at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { databaseFile, endDatabase, openDatabase, openPostgres } from '@/db/client';
import { reportingPeriods, taskUnits, users } from '@/db/schema';
import { addAttachment, deleteAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import type { Actor } from '@/lib/auth/actor';
import { contextFor } from '@/lib/testing/temp-db';

const [dataDir, stopFile, databaseUrl] = process.argv.slice(2) as [string, string, string | undefined];
const NOW = new Date('2023-11-22T09:30:00+08:00');

async function main() {
  // PostgreSQL: the engine follows the inherited DATABASE_URL (the test run's server); the database is the test's.
  const db = databaseUrl ? openPostgres(databaseUrl, { max: 2 }) : openDatabase(databaseFile(dataDir));
  const store = new FileStore(path.join(dataDir, 'files'));
  const [period] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).limit(1);
  const nov = period!.id;
  // Lead tasks of the demo reporters' units: each is an owner that takes up to 20 attachments.
  const targets: { actor: Actor; taskId: number }[] = [];
  for (const username of ['fgj', 'gxj', 'sthj', 'kjj']) {
    const [u] = await db.select().from(users).where(eq(users.username, username)).limit(1);
    const actor: Actor = { userId: u!.id, username: u!.username, displayName: u!.displayName, role: u!.role, districtId: u!.districtId, unitId: u!.unitId, unitName: null };
    const tasks = await db
      .select({ taskId: taskUnits.taskId })
      .from(taskUnits)
      .where(and(eq(taskUnits.unitId, u!.unitId!), eq(taskUnits.role, 'lead')));
    for (const t of tasks) targets.push({ actor, taskId: t.taskId });
  }
  const mine: { id: number; actor: Actor }[] = [];
  let uploads = 0;
  let deletes = 0;
  let refused = 0;
  for (let i = 0; i < 5000 && !fs.existsSync(stopFile); i++) {
    const target = targets[i % targets.length]!;
    const bytes = new Uint8Array(Buffer.from(`%PDF-1.4\n% live writer ${process.pid} #${i} ${'x'.repeat(i % 700)}\n%%EOF\n`));
    const r = await addAttachment(
      contextFor(db, target.actor, NOW),
      store,
      { ownerType: 'report', taskId: target.taskId, periodId: nov },
      { name: `材料${i}.pdf`, bytes },
      { maxBytes: 20 * 1024 * 1024 },
    );
    if (r.ok) {
      uploads += 1;
      mine.push({ id: r.attachment.id, actor: target.actor });
    } else refused += 1;
    // Every third write also deletes an earlier attachment: its file goes away while a backup may be copying.
    if (i % 3 === 2 && mine.length > 5) {
      const victim = mine.splice(Math.floor(mine.length / 2), 1)[0]!;
      if ((await deleteAttachment(contextFor(db, victim.actor, NOW), store, victim.id)).ok) deletes += 1;
    }
    if (i === 0) console.log('ready');
    if (i % 10 === 9) console.log(`writes ${uploads + deletes}`);
  }
  await endDatabase(db);
  console.log(JSON.stringify({ uploads, deletes, refused }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
