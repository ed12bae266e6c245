import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tasks } from '@/db/schema';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { loadTaskPage } from './task-page';

/**
 * 任务详情's data: read in one go, kept per reader until the next write. A reader never gets
 * another reader's copy, nor a task outside its district.
 */
describe('loadTaskPage', () => {
  const env = useSeededDb();

  it('is the same result for the same reader until a write, then reads again', async () => {
    const ctx = env.as(env.sthj());
    const first = await loadTaskPage(ctx, env.taskId(40));
    expect(first?.task.no).toBe(40);
    expect(first?.lifecycle.signs.length).toBeGreaterThan(0);
    expect(await loadTaskPage(ctx, env.taskId(40))).toBe(first);

    await env.db.update(tasks).set({ title: '改过的标题' }).where(eq(tasks.id, env.taskId(40)));
    const after = await loadTaskPage(ctx, env.taskId(40));
    expect(after).not.toBe(first);
    expect(after?.task.title).toBe('改过的标题');
  });

  it('keeps each reader its own copy (what a unit sees of a task is its own)', async () => {
    const lead = await loadTaskPage(env.as(env.sthj()), env.taskId(40));
    const part = await loadTaskPage(env.as(env.kjj()), env.taskId(40));
    const office = await loadTaskPage(env.as(env.supervisor()), env.taskId(40));
    expect(new Set([lead, part, office]).size).toBe(3);
    // The lead unit may ask for a later deadline; a participating unit and the office may not.
    expect(lead?.task.lead.some((u) => u.id === env.sthj().unitId)).toBe(true);
    expect(part?.task.lead.some((u) => u.id === env.kjj().unitId)).toBe(false);
  });

  it('is null for a task that does not exist or is in another district, for every reader', async () => {
    const d2 = await addSecondDistrict(env.db);
    const other = d2.taskId(40);
    for (const actor of [env.sthj(), env.supervisor(), env.leader()]) {
      expect(await loadTaskPage(env.as(actor), other)).toBeNull();
      expect(await loadTaskPage(env.as(actor), 999_999)).toBeNull();
    }
    // …and its own district's readers see it.
    expect((await loadTaskPage(env.as(await d2.actor('supervisor')), other))?.task.id).toBe(other);
  });
});
