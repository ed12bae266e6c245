/**
 * The list switcher in the header posts a plain form (it works without JavaScript) to the
 * pipeline action `chooseListAction`: whatever is posted, the page the user was on comes back.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseListAction } from '@/app/(app)/actions';
import { users } from '@/db/schema';
import { runActionAs } from '@/lib/actions/action-client';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { activePlans, planScope } from './plan-scope';

let env: Awaited<ReturnType<typeof createSeededDb>>;
beforeAll(async () => {
  env = await createSeededDb();
});
afterAll(() => env.cleanup());

const NOW = new Date('2023-11-22T09:30:00+08:00');

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
    const [user] = await env.db.select({ id: users.id }).from(users).where(eq(users.username, 'lingdao')).limit(1);
    const leader = actorFor(env.db, 'leader', null, user!.id);
    const ctx = contextFor(env.db, leader, NOW);
    const [first] = await activePlans(env.db);

    await expect(runActionAs(chooseListAction, ctx, posted({ plan: String(first!.id), back: '/tasks' }))).rejects.toEqual(redirectTo('/tasks'));
    expect((await planScope(env.db, leader)).chosen?.id).toBe(first!.id);

    await expect(runActionAs(chooseListAction, ctx, posted({ plan: 'nonsense', back: '//evil.example/x' }))).rejects.toEqual(redirectTo('/'));
    expect((await planScope(env.db, leader)).chosen?.id).toBe(first!.id);
    await expect(runActionAs(chooseListAction, ctx, posted({}))).rejects.toEqual(redirectTo('/'));

    await expect(runActionAs(chooseListAction, ctx, posted({ plan: 'all', back: '/overdue' }))).rejects.toEqual(redirectTo('/overdue'));
    expect((await planScope(env.db, leader)).chosen).toBeNull();
  });
});
