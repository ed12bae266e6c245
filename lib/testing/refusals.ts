/** Test helpers (not tests): how a refused call is checked. */
import { expect } from 'vitest';
import { NotFoundError } from '@/lib/errors';

/**
 * Each call is refused as "not found" with exactly the given message: what a missing id gets, so
 * an id of another district (or unit) reveals nothing. `what` names the case in a failure.
 */
export async function expectEachNotFound(cases: readonly (readonly [what: string, call: () => Promise<unknown>, message: string])[]): Promise<void> {
  for (const [what, call, message] of cases) {
    const err = await call().then(
      () => new Error(`${what}: not refused`),
      (e: unknown) => e as Error,
    );
    expect(err, what).toBeInstanceOf(NotFoundError);
    expect(err.message, what).toBe(message);
  }
}

/** The messages of a refused query, its causes included (the engine's error under drizzle's), or 'not refused'. */
export async function refusalMessages(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (err) {
    const messages: string[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join('\n');
  }
  return 'not refused';
}
