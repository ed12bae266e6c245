import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import { actorFor } from '@/lib/testing/temp-db';
import { at, useOneList } from './assessment.fixture';
import { activeListsOf } from './district';
import { explainScore, MAX_EXPLANATIONS_PER_HOUR } from './explanations';
import { getUnitBreakdown } from './ranking';

describe('情况说明', () => {
  const { env, as, oct } = useOneList();
  const { supervisor, fgj } = env;
  const explainAudits = async () => (await env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.explain'))).length;

  it('explanations only inside the window, by unit staff', async () => {
    // October's lead deadline is 10-25 (Wed): the window is 10-26 … 11-01 (5 working days).
    expect(await explainScore(as(fgj(), '2023-10-25'), { periodId: oct(), content: '说明' })).toMatchObject({ ok: false, error: '说明期自 2023-10-26 开始' });
    expect(await explainScore(as(fgj(), '2023-10-30'), { periodId: oct(), content: '第10项任务因审批延迟，已于11月初补报。' })).toMatchObject({ ok: true });
    expect(await explainScore(as(fgj(), '2023-11-02'), { periodId: oct(), content: '说明' })).toMatchObject({ ok: false, error: '说明期已于 2023-11-01 结束' });
    await expect(explainScore(as(supervisor(), '2023-10-30'), { periodId: oct(), content: '说明' })).rejects.toThrow(ForbiddenError);
    const b = await getUnitBreakdown(as(fgj()), await activeListsOf(env.db, FIRST_DISTRICT_ID), '2023-10', fgj().unitId!);
    expect(b.explanations.map((e) => [e.periodId, e.content])).toEqual([[oct(), '第10项任务因审批延迟，已于11月初补报。']]);
  });

  it('an explanation is audited with its unit; a refused one writes nothing', async () => {
    const before = await explainAudits();
    expect(await explainScore(as(fgj(), '2023-10-31'), { periodId: oct(), content: '补充说明' })).toMatchObject({ ok: true });
    const lines = await env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.explain')).orderBy(asc(auditLog.id));
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ actorId: env.idOf('fgj'), unitId: fgj().unitId, entityType: 'assessment' });
    expect(await explainScore(as(fgj(), '2023-11-02'), { periodId: oct(), content: '说明' })).toMatchObject({ ok: false });
    // A unit role without a unit acts for nobody.
    await expect(explainScore(as(await actorFor(env.db, 'reporter', null)), { periodId: oct(), content: '说明' })).rejects.toThrow(ForbiddenError);
    expect(await explainAudits()).toBe(before + 1);
  });

  it('at most 10 explanations per person an hour: the next is refused and writes nothing; an hour later it goes through', async () => {
    const explain = (ctx: ReturnType<typeof as>, n: number) => explainScore(ctx, { periodId: oct(), content: `补充说明（${n}）` });
    const morning = as(fgj(), '2023-10-27');
    expect(MAX_EXPLANATIONS_PER_HOUR).toBe(10);
    for (let n = 1; n <= 10; n++) expect(await explain(morning, n)).toMatchObject({ ok: true });
    const before = await explainAudits();
    expect(await explain(morning, 11)).toEqual({ ok: false, error: '提交过于频繁：每人每小时最多提交 10 份情况说明，请稍后再试' });
    expect(await explain(env.as(fgj(), new Date(at('2023-10-27').getTime() + 59 * 60 * 1000)), 11)).toMatchObject({ ok: false });
    expect(await explainAudits()).toBe(before);
    expect(await explain(env.as(fgj(), new Date(at('2023-10-27').getTime() + 60 * 60 * 1000)), 11)).toMatchObject({ ok: true });
  });
});
