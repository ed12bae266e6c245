import fs from 'node:fs';
import { attachments } from '@/db/schema';
import type { FileStore } from '@/lib/attachments/file-store';
import { transaction, type Db } from '@/lib/db';

/**
 * After a crash: removes attachment files no row refers to (an upload killed between writing its
 * file and committing its row) and temporary files of writes that never finished.
 *
 * Runs under the database write lock (a transaction: BEGIN IMMEDIATE on the writer connection).
 * Uploads write their file inside their own transaction, so while this holds the lock no upload is
 * between its file and its row: every unreferenced file and every temporary file really is left
 * over, even if another server process is running on the same data directory.
 */
export async function sweepFileStore(db: Db, store: FileStore): Promise<{ orphans: number; temps: number; missing: number }> {
  return transaction(db, async (tx) => {
    const rows = await tx.selectDistinct({ sha256: attachments.sha256 }).from(attachments);
    const referenced = new Set(rows.map((r) => r.sha256));
    let orphans = 0;
    for (const hash of store.list()) {
      if (referenced.has(hash)) continue;
      store.remove(hash);
      orphans += 1;
    }
    let temps = 0;
    for (const file of store.tempFiles()) {
      fs.rmSync(file, { force: true });
      temps += 1;
    }
    // Rows whose file is gone (not expected: reported so an operator can restore from a backup).
    let missing = 0;
    for (const hash of referenced) if (!store.exists(hash)) missing += 1;
    return { orphans, temps, missing };
  });
}
