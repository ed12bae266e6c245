/**
 * The one error model. Services throw these for expected refusals; the action pipeline and the
 * route preamble turn them into the one result type (lib/result.ts) or an HTTP status. Anything
 * else that is thrown is a fault and propagates (a 500, logged), except storage faults, which get
 * a plain Chinese message because their transaction has already rolled back.
 *
 * Told apart with `instanceof`, never by name or message.
 */
export abstract class AppError extends Error {
  abstract readonly status: 400 | 403 | 404 | 409;
}

/** The actor may not do this, or may not see this unit's data. */
export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(message = '您没有权限执行此操作') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The record does not exist, or is outside what the actor can see (never says which). */
export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(message = '找不到该记录') {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A rule forbids the change (a locked month, an archived list, a bad value); `field` names the form field it belongs under. */
export class RefusalError extends AppError {
  readonly status = 400;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RefusalError';
  }
}

/** Someone else changed the record since the form was opened; `current` is what they saved. */
export class ConflictError<C = unknown> extends AppError {
  readonly status = 409;
  constructor(
    message: string,
    readonly current?: C,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * A value the database cannot hold (PostgreSQL's data exceptions, SQLSTATE class 22: a number
 * outside its column's range, a NUL in text), possibly wrapped by drizzle. Input that slipped past
 * the schemas: refused like any bad input, nothing written (the transaction rolls back).
 */
export function isDataError(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if ('code' in e && INPUT_DATA_ERRORS.has(String(e.code))) {
      // Logged all the same: a value the schemas let through is worth knowing about.
      console.error(`[数据库] 拒绝了输入的值（${String(e.code)}）：${e.message}`);
      return true;
    }
  }
  return false;
}

/**
 * The data exceptions input can cause: too long (22001), a number out of range (22003), a NUL or
 * an unencodable character (22021, 22P05), a bad date or time (22007, 22008). Others of class 22
 * (a division by zero, a bad cast) are faults of the code and stay faults.
 */
const INPUT_DATA_ERRORS = new Set(['22001', '22003', '22021', '22P05', '22007', '22008']);

/** The refusal of such input. */
export const DATA_REFUSAL = '输入的内容超出允许的范围或含有不允许的字符，请检查后重试';

/** A unique or foreign-key constraint of the database, possibly wrapped by drizzle (an Error with a cause). */
export function isConstraintError(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if ('code' in e && /^(SQLITE_CONSTRAINT|23)/.test(String(e.code))) return true;
  }
  return false;
}
