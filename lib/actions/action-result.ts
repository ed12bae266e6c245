import { z } from 'zod';

/** What every server action returns to its form: success, or a message plus per-field errors. */
export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> };

export function invalidInput(error: z.ZodError, message = '请检查填写的内容'): ActionResult<never> {
  return { ok: false, error: message, fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]> };
}
