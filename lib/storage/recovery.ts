import { attachments } from '@/db/schema';
import { toAttachmentStore, type StoreArg } from '@/lib/attachments/attachment-store';
import { transaction, type Db } from '@/lib/db';

export type SweepResult = { orphans: number; temps: number; missing: number };

/**
 * After a crash: removes attachment files no row refers to (an upload killed between writing its
 * file and committing its row) and temporary files of writes that never finished.
 *
 * The store is listed first, without the lock (for S3 a listing is network traffic, page by page);
 * the decisions and the removals then run under the database write lock (a transaction: BEGIN
 * IMMEDIATE on SQLite, the advisory write lock on PostgreSQL), with the references read there:
 * - directory: uploads write their file inside their own transaction, so while this holds the lock
 *   no upload is between its file and its row: every unreferenced file and every temporary file
 *   really is left over, even if another server process is running on the same data directory.
 * - S3: uploads store their object BEFORE their transaction (the lock is never held during a
 *   transfer), so an unreferenced object may be an upload in flight on another instance, between
 *   its PUT and its commit. Only objects older than the store's grace period (an hour) are removed;
 *   a younger one is left for a later sweep. An upload whose object is removed anyway (an old
 *   object it reused) notices inside its transaction and stores it again (attachment-service.ts).
 *   The lock is held only for the few removals (small requests), never for a transfer.
 *
 * `now` is the sweep's clock (tests move it forward instead of waiting an hour).
 */
export async function sweepAttachmentStore(db: Db, storeArg: StoreArg, options: { now?: Date } = {}): Promise<SweepResult> {
  const store = toAttachmentStore(storeArg);
  const listed = await store.listObjects();
  const cutoff = (options.now ?? new Date()).getTime() - store.sweepGraceMs;
  return transaction(db, async (tx) => {
    const rows = await tx.selectDistinct({ sha256: attachments.sha256 }).from(attachments);
    const referenced = new Set(rows.map((r) => r.sha256));
    let orphans = 0;
    for (const object of listed) {
      if (referenced.has(object.sha256)) continue;
      const oldEnough = store.sweepGraceMs === 0 || (object.modifiedAt !== null && object.modifiedAt.getTime() <= cutoff);
      if (!oldEnough) continue;
      await store.remove(object.sha256);
      orphans += 1;
    }
    const temps = await store.sweepTemporaries();
    // Rows whose file is gone (not expected: reported so an operator can restore from a backup). A
    // file stored after the listing is not missing: asked for again.
    const present = new Set(listed.map((o) => o.sha256));
    let missing = 0;
    for (const hash of referenced) if (!present.has(hash) && !(await store.exists(hash))) missing += 1;
    return { orphans, temps, missing };
  });
}

/** The former name (the directory was the only store). */
export const sweepFileStore = sweepAttachmentStore;
