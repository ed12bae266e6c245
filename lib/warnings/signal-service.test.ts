import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tasks } from '@/db/schema';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { DEFAULT_WARNING_SETTINGS } from './rules';
import { computeSignals } from './signal-service';

const TODAY = '2023-11-22';

const env = useSeededDb();

async function idOfUnit(name: string): Promise<number> {
  return (await actorFor(env.db, 'reporter', name)).unitId!;
}

describe('signals from the data', () => {
  it('an October lead report never sent is red; parts due on the 20th and still missing are red', async () => {
    const [t] = await env.db.select().from(tasks).where(eq(tasks.no, 1)).limit(1);
    const s = (await computeSignals(env.db, t!.planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [t!.id] })).get(t!.id)!;
    expect(s.late.level).toBe('red');
    expect(s.details.length).toBeGreaterThan(0);
    expect(s.details.some((d) => d.rule === 'late.lead.overdue' && d.month === '2023-10')).toBe(true);
    expect(s.details.some((d) => d.rule === 'late.part.overdue' && d.month === '2023-11')).toBe(true);
    // November's lead report is due on the 25th: 3 days left is yellow, not red.
    expect(s.details.find((d) => d.rule.startsWith('late.lead') && d.month === '2023-11')?.level).toBe('yellow');
    // For one unit only, another unit's lateness does not count.
    const own = (await computeSignals(env.db, t!.planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [t!.id], unitId: await idOfUnit('区卫生健康局') })).get(t!.id)!;
    expect(own.details.length).toBeGreaterThan(0);
    expect(own.details.every((d) => d.unitName === '区卫生健康局')).toBe(true);
  });
});

describe('a few tasks’ signals', () => {
  it('are kept until the next write, apart for each task set and unit, and agree with the plan-wide result', async () => {
    const [t] = await env.db.select().from(tasks).where(eq(tasks.no, 1)).limit(1);
    const [u] = await env.db.select().from(tasks).where(eq(tasks.no, 2)).limit(1);
    const few = (ids: number[], unitId?: number) => computeSignals(env.db, t!.planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: ids, unitId });
    const one = await few([t!.id]);
    expect(await few([t!.id])).toBe(one);
    expect(await few([t!.id, u!.id])).not.toBe(one);
    expect(await few([t!.id], await idOfUnit('区卫生健康局'))).not.toBe(one);
    // Computed for one task or for the whole plan, a task's signals are the same.
    const whole = await computeSignals(env.db, t!.planId, TODAY, DEFAULT_WARNING_SETTINGS);
    expect(one.get(t!.id)).toEqual(whole.get(t!.id));
    // A closed task has no late light any more: the write is seen at once.
    await env.db.update(tasks).set({ status: 'closed' }).where(eq(tasks.id, t!.id));
    const after = (await few([t!.id])).get(t!.id)!;
    expect(after.late).toMatchObject({ level: 'green', rule: 'closed' });
  });
});
