import { z } from 'zod';
import { AppError, ConflictError, DATA_REFUSAL, isDataError, RefusalError } from '@/lib/errors';
import { storageFailureMessage } from '@/lib/storage/storage-errors';

export type FieldErrors = Partial<Record<string, string[]>>;

/** A refusal as every form reads it: a message for the top of the form, optional per-field messages, and for an edit conflict what the other person saved. */
export type Failure = { ok: false; error: string; fieldErrors?: FieldErrors; conflict?: unknown };

/**
 * The one result type of every service command and server action. The success carries its
 * payload beside `ok` (`{ ok: true, id, message }`), so forms and the benchmark read it directly.
 */
export type Result<T extends object = object> = ({ ok: true; message?: string } & T) | Failure;

export function ok<T extends object = object>(payload?: T & { message?: string }): { ok: true } & T {
  return { ok: true, ...(payload as T) };
}

export function fail(error: string, fieldErrors?: FieldErrors): Failure {
  return fieldErrors ? { ok: false, error, fieldErrors } : { ok: false, error };
}

/** A refusal tied to one field: the message shows under it and at the top of the form. */
export function failField(field: string, message: string): Failure {
  return fail(message, { [field]: [message] });
}

/**
 * A schema's own messages are Chinese; zod's defaults (a wrong type, a number past the limit) are
 * English, and would reach the user when a request no form sends is refused: those get a Chinese
 * one by kind.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (/[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? '缺少必填内容' : '内容的类型不正确';
    case 'too_big':
      return issue.origin === 'string' ? '内容过长' : issue.origin === 'array' || issue.origin === 'set' ? '项目过多' : '数值过大';
    case 'too_small':
      return issue.origin === 'string' ? '内容过短' : issue.origin === 'array' || issue.origin === 'set' ? '项目过少' : '数值过小';
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return '取值不在可选范围内';
    case 'unrecognized_keys':
      return '含有无法识别的内容';
    default:
      return '内容不正确';
  }
}

/** The one flattening of a zod error: per-field messages, and the first message at the top. */
export function invalid(error: z.ZodError): Failure {
  const fieldErrors = z.flattenError(error, issueMessage).fieldErrors as FieldErrors;
  const first = error.issues[0];
  return fail(first ? `请检查填写的内容：${issueMessage(first)}` : '请检查填写的内容', fieldErrors);
}

/**
 * Turns an expected refusal into a result; returns undefined for a real fault, which the caller
 * rethrows. Storage faults (busy past the timeout, disk full, data directory not writable) become
 * a plain message: the transaction has already rolled back, so nothing was saved.
 */
export function failureOf(err: unknown): Failure | undefined {
  if (err instanceof ConflictError) return { ok: false, error: err.message, conflict: err.current };
  if (err instanceof RefusalError && err.field) return failField(err.field, err.message);
  if (err instanceof AppError) return fail(err.message);
  if (err instanceof z.ZodError) return invalid(err);
  if (isDataError(err)) return fail(DATA_REFUSAL);
  const storage = storageFailureMessage(err);
  if (storage) {
    console.error(`[存储] ${(err as { code?: string }).code ?? ''} ${err instanceof Error ? err.message : String(err)}`);
    return fail(storage);
  }
  return undefined;
}

/** Runs a command and maps its expected refusals to the result type; faults propagate. */
export async function settle<T extends object>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await fn();
  } catch (err) {
    const failure = failureOf(err);
    if (failure) return failure;
    throw err;
  }
}
