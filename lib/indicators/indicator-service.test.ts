import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicators, plans, reportingPeriods, tasks } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/permissions';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { activePlans } from '@/lib/plans/plan-scope';
import { completionRatio, deleteIndicator, getIndicatorProgress, listIndicatorsForReview, updateIndicator } from './indicator-service';

let env: Awaited<ReturnType<typeof createSeededDb>>;
beforeAll(async () => {
  env = await createSeededDb();
});
afterAll(() => env.cleanup());

describe('indicators', () => {
  it('the 2023 seed ships at least 40 confirmed indicators, each traceable to its phrase', () => {
    const all = env.db.select().from(indicators).all();
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(all.every((i) => i.status === 'confirmed' && i.sourcePhrase.length > 0)).toBe(true);
    const sup = actorFor(env.db, 'supervisor', '区政府督查室');
    const t15 = listIndicatorsForReview(env.db, sup, activePlans(env.db).slice(0, 1), { taskNo: 15 }).map((i) => [i.name, i.target, i.unit]);
    expect(t15).toEqual([
      ['国家高新技术企业总量', 85, '家'],
      ['科技型中小企业', 90, '家'],
    ]);
  });

  it('a newly imported notice gets proposals for the office to confirm; only supervisors and admins may', () => {
    importNoticeText(env.db, fs.readFileSync(path.join(__dirname, '../plan-import/__fixtures__/wrapped-fullwidth.txt'), 'utf8'));
    const plan2024 = env.db.select().from(plans).where(eq(plans.year, 2024)).get()!;
    expect(env.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan2024.id)).all().map((p) => p.month)).toEqual([
      '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12',
    ]);
    const sup = actorFor(env.db, 'supervisor', '区政府督查室');
    const proposed = listIndicatorsForReview(env.db, sup, activePlans(env.db).filter((p) => p.id === plan2024.id), { status: 'proposed' });
    expect(proposed.map((p) => [p.taskNo, p.target, p.unit])).toContainEqual([3, 8, '所']);
    const one = proposed[0]!;
    for (const role of ['reporter', 'unit_head', 'leader'] as const) {
      const actor = actorFor(env.db, role, role === 'leader' ? null : '区发展和改革局');
      expect(() => updateIndicator(env.db, actor, { id: one.id, name: 'x', target: 1, targetMax: null, unit: '个', comparator: 'at_least', confirm: true })).toThrow(ForbiddenError);
      expect(() => deleteIndicator(env.db, actor, one.id)).toThrow(ForbiddenError);
      expect(() => listIndicatorsForReview(env.db, actor, activePlans(env.db), {})).toThrow(ForbiddenError);
    }
    const row = updateIndicator(env.db, sup, { id: one.id, name: '新建改扩建学校', target: 8, targetMax: null, unit: '所', comparator: 'at_least', confirm: true });
    expect(row).toMatchObject({ status: 'confirmed', name: '新建改扩建学校' });
    expect(() => updateIndicator(env.db, sup, { id: one.id, name: '', target: -1, targetMax: null, unit: '所', comparator: 'at_least' })).toThrow();
    deleteIndicator(env.db, actorFor(env.db, 'admin', null), one.id);
    expect(env.db.select().from(indicators).where(eq(indicators.id, one.id)).get()).toBeUndefined();
  });

  it('figures are shown to the task’s units and oversight roles, targets only to others', () => {
    const plan2023 = env.db.select().from(plans).where(eq(plans.year, 2023)).get()!;
    const t15 = env.db.select().from(tasks).where(and(eq(tasks.planId, plan2023.id), eq(tasks.no, 15))).get()!;
    const forLead = getIndicatorProgress(env.db, actorFor(env.db, 'reporter', '区科学技术局'), t15.id);
    expect(forLead[0]!.series).not.toBeNull();
    expect(getIndicatorProgress(env.db, actorFor(env.db, 'leader', null), t15.id)[0]!.series).not.toBeNull();
    const forOther = getIndicatorProgress(env.db, actorFor(env.db, 'reporter', '区民政局'), t15.id);
    expect(forOther[0]).toMatchObject({ target: 85, series: null, latest: null });
  });

  it('completion ratio', () => {
    expect(completionRatio(null, 85, 'at_least')).toBeNull();
    expect(completionRatio(68, 85, 'at_least')).toBeCloseTo(0.8);
    expect(completionRatio(4, 5, 'at_most')).toBe(1);
    expect(completionRatio(10, 5, 'at_most')).toBe(0.5);
  });
});
