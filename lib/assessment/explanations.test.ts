import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reportingPeriods, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { activePlans } from '@/lib/plans/plan-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { explainScore } from './explanations';
import { getUnitBreakdown } from './ranking';

const TODAY = '2023-11-22';
/** Noon in Beijing on a day: the context's "today" is that day. */
const at = (day: string) => new Date(`${day}T12:00:00+08:00`);

describe('情况说明', () => {
  let env: Awaited<ReturnType<typeof createSeededDb>>;
  let oct: number;
  let ids: Map<string, number>;
  const as = (actor: Actor, day = TODAY) => contextFor(env.db, actor, at(day));
  const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', ids.get('duchashi'));
  const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', ids.get('fgj'));
  const explainAudits = async () => (await env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.explain'))).length;

  beforeAll(async () => {
    env = await createSeededDb();
    ids = new Map((await env.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
    const [p] = await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-10')).limit(1);
    oct = p!.id;
    await seedDemoReports(env.db, p!.planId, TODAY);
  });
  afterAll(() => env.cleanup());

  it('explanations only inside the window, by unit staff', async () => {
    // October's lead deadline is 10-25 (Wed): the window is 10-26 … 11-01 (5 working days).
    expect(await explainScore(as(fgj(), '2023-10-25'), { periodId: oct, content: '说明' })).toMatchObject({ ok: false, error: '说明期自 2023-10-26 开始' });
    expect(await explainScore(as(fgj(), '2023-10-30'), { periodId: oct, content: '第10项任务因审批延迟，已于11月初补报。' })).toMatchObject({ ok: true });
    expect(await explainScore(as(fgj(), '2023-11-02'), { periodId: oct, content: '说明' })).toMatchObject({ ok: false, error: '说明期已于 2023-11-01 结束' });
    await expect(explainScore(as(supervisor(), '2023-10-30'), { periodId: oct, content: '说明' })).rejects.toThrow(ForbiddenError);
    const b = await getUnitBreakdown(as(fgj()), await activePlans(env.db), '2023-10', fgj().unitId!);
    expect(b.explanations.map((e) => [e.periodId, e.content])).toEqual([[oct, '第10项任务因审批延迟，已于11月初补报。']]);
  });

  it('an explanation is audited with its unit; a refused one writes nothing', async () => {
    const before = await explainAudits();
    expect(await explainScore(as(fgj(), '2023-10-31'), { periodId: oct, content: '补充说明' })).toMatchObject({ ok: true });
    const lines = await env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.explain'));
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ actorId: ids.get('fgj'), unitId: fgj().unitId, entityType: 'assessment' });
    expect(await explainScore(as(fgj(), '2023-11-02'), { periodId: oct, content: '说明' })).toMatchObject({ ok: false });
    // A unit role without a unit acts for nobody.
    await expect(explainScore(as(actorFor(env.db, 'reporter', null)), { periodId: oct, content: '说明' })).rejects.toThrow(ForbiddenError);
    expect(await explainAudits()).toBe(before + 1);
  });
});
