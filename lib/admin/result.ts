import { z } from 'zod';
import type { ActionResult } from '@/lib/actions/action-result';

/**
 * Admin services answer expected refusals (bad input, a rule that forbids the change) with a
 * result the form can show, and throw only ForbiddenError (not an admin) or real faults.
 */
export type AdminResult<T = undefined> = ActionResult<T>;

export function refuse(error: string, fieldErrors?: Partial<Record<string, string[]>>): { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> } {
  return fieldErrors ? { ok: false, error, fieldErrors } : { ok: false, error };
}

/** A refusal tied to one field: the message shows under it and at the top of the form. */
export function refuseField(field: string, message: string) {
  return refuse(message, { [field]: [message] });
}

export function invalid(error: z.ZodError) {
  const fieldErrors = z.flattenError(error).fieldErrors as Partial<Record<string, string[]>>;
  const first = error.issues[0]?.message;
  return refuse(first ? `请检查填写的内容：${first}` : '请检查填写的内容', fieldErrors);
}

/** Thrown inside a transaction to roll it back and refuse with a message. */
export class RefusalError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RefusalError';
  }
}

/** better-sqlite3's constraint failure, possibly wrapped by drizzle (DrizzleError with a cause). */
export function isConstraintError(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if ('code' in e && String(e.code).startsWith('SQLITE_CONSTRAINT')) return true;
  }
  return false;
}
