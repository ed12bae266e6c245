import { z } from 'zod';
import { storageFailureMessage } from '@/lib/storage/storage-errors';

/** What every server action returns to its form: success, or a message plus per-field errors. */
export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> };

export function invalidInput(error: z.ZodError, message = '请检查填写的内容'): ActionResult<never> {
  return { ok: false, error: message, fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]> };
}

/**
 * Turns the expected refusals of a service (no permission, not found, invalid input) into a
 * result the form can show. Storage faults (SQLITE_BUSY after the busy timeout, disk full, data
 * directory not writable) become a plain Chinese message: the service's IMMEDIATE transaction has
 * already rolled back, so nothing was saved. Anything else is a real fault and propagates.
 */
export async function guarded<T extends { ok: boolean }>(fn: () => T | Promise<T>): Promise<T | { ok: false; error: string }> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && (err.name === 'ForbiddenError' || err.name === 'NotFoundError')) {
      return { ok: false, error: err.message };
    }
    if (err instanceof z.ZodError) return { ok: false, error: err.issues.map((i) => i.message).join('；') };
    const storageMessage = storageFailureMessage(err);
    if (storageMessage) {
      console.error(`[存储] ${(err as { code?: string }).code ?? ''} ${err instanceof Error ? err.message : String(err)}`);
      return { ok: false, error: storageMessage };
    }
    throw err;
  }
}
