/**
 * The list switcher in the header posts a plain form (it works without JavaScript) to the
 * pipeline action `chooseListAction`: whatever is posted, the page the user was on comes back.
 */
import { describe, expect, it } from 'vitest';
import { chooseListAction } from '@/app/(app)/actions';
import { runActionAs } from '@/lib/actions/action-client';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { activePlans, planScope } from './plan-scope';

const env = useSeededDb();

/** The form as the browser posts it. */
function posted(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}
/** Next's redirect, thrown by the action and let through by the pipeline. */
const redirectTo = (path: string) => expect.objectContaining({ digest: expect.stringContaining(`;${path};`) });

describe('switching the list in view', () => {
  it('remembers the choice and returns to the page; a value naming no list, or a foreign path, changes nothing else', async () => {
    const leader = env.leader();
    const ctx = env.as(leader);
    const [first] = await activePlans(env.db, leader);

    await expect(runActionAs(chooseListAction, ctx, posted({ plan: String(first!.id), back: '/tasks' }))).rejects.toEqual(redirectTo('/tasks'));
    expect((await planScope(env.db, leader)).chosen?.id).toBe(first!.id);

    await expect(runActionAs(chooseListAction, ctx, posted({ plan: 'nonsense', back: '//evil.example/x' }))).rejects.toEqual(redirectTo('/'));
    expect((await planScope(env.db, leader)).chosen?.id).toBe(first!.id);
    await expect(runActionAs(chooseListAction, ctx, posted({}))).rejects.toEqual(redirectTo('/'));

    await expect(runActionAs(chooseListAction, ctx, posted({ plan: 'all', back: '/overdue' }))).rejects.toEqual(redirectTo('/overdue'));
    expect((await planScope(env.db, leader)).chosen).toBeNull();
  });
});
