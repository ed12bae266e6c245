import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '@/db/client';
import type { Role } from '@/db/schema';
import { traceActionAs } from '@/lib/actions/action-client';
import type { Actor } from '@/lib/auth/actor';
import type { Result } from '@/lib/result';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { digest } from './permission-matrix.fixture';

export type PipelineAction = (input: never) => Promise<Result<object>>;

/** Each kind of actor a hostile call is made as: the unit roles of one unit, the office, a leader. */
const ROLES: [Role, string | null][] = [
  ['reporter', '区发展和改革局'],
  ['unit_head', '区发展和改革局'],
  ['supervisor', '区政府督查室'],
  ['leader', null],
];

/**
 * The hostile-input suite of a set of actions: the set is pinned to `expectedNames`, and every
 * action, called through the pipeline by each kind of actor with each input of `inputsOf(name)`,
 * must end in a clean refusal, leave every table as it was and pollute no prototype.
 */
export function hostileInputSuite(
  title: string,
  actions: Record<string, PipelineAction>,
  expectedNames: readonly string[],
  inputsOf: (name: string) => readonly unknown[],
  now: Date,
): void {
  let db: AppDatabase;
  let cleanup: () => Promise<void>;
  const actors: Actor[] = [];

  beforeAll(async () => {
    const temp = await createSeededDb();
    db = temp.db;
    cleanup = temp.cleanup;
    for (const [role, unit] of ROLES) actors.push(await actorFor(db, role, unit));
  }, 60_000);
  afterAll(() => cleanup());

  describe(title, () => {
    it('covers every action of the module(s)', () => {
      expect(Object.keys(actions).sort()).toEqual([...expectedNames].sort());
    });

    for (const [name, action] of Object.entries(actions)) {
      it(`${name}: refused cleanly, nothing written`, async () => {
        const before = await digest(db);
        for (const actor of actors) {
          for (const input of inputsOf(name)) {
            const { outcome } = await traceActionAs(action, contextFor(db, actor, now), input);
            expect(['invalid', 'forbidden', 'notFound', 'refused', 'conflict'], `${name} as ${actor.role} with ${JSON.stringify(input)?.slice(0, 80)}`).toContain(outcome);
          }
        }
        expect(await digest(db)).toEqual(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }, 60_000);
    }
  });
}
