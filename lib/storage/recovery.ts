import { attachments } from '@/db/schema';
import { toAttachmentStore, type StoreArg } from '@/lib/attachments/attachment-store';
import { transaction, type Db } from '@/lib/db';

/**
 * `held`: unreferenced files left alone because there are too many of them for a crash to have
 * left (see SUSPICIOUS_ORPHANS): the store more likely belongs to another database.
 */
export type SweepResult = { orphans: number; temps: number; missing: number; held: number };

/**
 * A crash leaves at most the uploads that were in flight. Far more unreferenced files than that,
 * and a large share of the store, mean the store and the database do not belong together (a
 * staging instance pointed at production's bucket, a DATABASE_URL typo that reached a new, empty
 * database): nothing is removed then, and the operator is told.
 */
const SUSPICIOUS_ORPHANS = { count: 50, share: 0.2 } as const;
/** Removals per start (each is a request under the write lock on S3); the rest wait for the next. */
const MAX_REMOVALS_PER_SWEEP = 1000;

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
  const swept = await transaction(db, async (tx) => {
    const rows = await tx.selectDistinct({ sha256: attachments.sha256 }).from(attachments);
    const referenced = new Set(rows.map((r) => r.sha256));
    const unreferenced = listed.filter((o) => !referenced.has(o.sha256));
    if (unreferenced.length > SUSPICIOUS_ORPHANS.count && unreferenced.length > listed.length * SUSPICIOUS_ORPHANS.share) {
      return { orphans: 0, temps: 0, held: unreferenced.length, referenced };
    }
    let orphans = 0;
    for (const object of unreferenced) {
      if (orphans >= MAX_REMOVALS_PER_SWEEP) break;
      const oldEnough = store.sweepGraceMs === 0 || (object.modifiedAt !== null && object.modifiedAt.getTime() <= cutoff);
      if (!oldEnough) continue;
      await store.remove(object.sha256);
      orphans += 1;
    }
    const temps = await store.sweepTemporaries();
    return { orphans, temps, held: 0, referenced };
  });
  // Rows whose file is gone (not expected: reported so an operator can restore from a backup),
  // asked after the lock is released. A file stored after the listing is not missing: asked again.
  const present = new Set(listed.map((o) => o.sha256));
  let missing = 0;
  for (const hash of swept.referenced) if (!present.has(hash) && !(await store.exists(hash))) missing += 1;
  return { orphans: swept.orphans, temps: swept.temps, missing, held: swept.held };
}

/** The former name (the directory was the only store). */
export const sweepFileStore = sweepAttachmentStore;
