/** Which database errors are refusals of input and which stay faults. */
import { describe, expect, it, vi } from 'vitest';
import { DATA_REFUSAL, isDataError } from './errors';
import { failureOf } from './result';

const withCode = (code: string) => Object.assign(new Error(`pg error ${code}`), { code });
/** As drizzle wraps a driver error: "Failed query…" with the driver's error as its cause. */
const wrapped = (code: string) => new Error('Failed query: select …', { cause: withCode(code) });

describe('PostgreSQL data exceptions', () => {
  it('those input can cause are a Chinese refusal (also wrapped by drizzle), and are logged', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const code of ['22001', '22003', '22021', '22P05', '22007', '22008']) {
      expect(isDataError(wrapped(code)), code).toBe(true);
      expect(failureOf(wrapped(code))).toEqual({ ok: false, error: DATA_REFUSAL });
    }
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it('others of the class (a division by zero, a bad cast) stay faults', () => {
    for (const code of ['22012', '22P02', '23505', 'SQLITE_ERROR']) {
      expect(isDataError(wrapped(code)), code).toBe(false);
      expect(failureOf(wrapped(code))).toBeUndefined();
    }
  });
});
