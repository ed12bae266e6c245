import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportingPeriods, reports, users } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/permissions';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { explainScore, getPeriodRanking, getUnitBreakdown, getYearRanking, lockPeriod, updateAssessmentSettings } from './assessment-service';

let env: Awaited<ReturnType<typeof createSeededDb>>;
let oct: number;
let planId: number;
const idOf = (u: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, u)).get()!.id;

beforeAll(async () => {
  env = await createSeededDb();
  const p = env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-10')).get()!;
  oct = p.id;
  planId = p.planId;
  seedDemoReports(env.db, planId, '2023-11-22');
});
afterAll(() => env.cleanup());

const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', idOf('fgj'));

describe('assessment service', () => {
  it('scores every unit with tasks and ranks them; units see totals but only their own breakdown', () => {
    const r = getPeriodRanking(env.db, supervisor(), oct, '2023-11-22');
    expect(r.scores.length).toBeGreaterThan(30);
    expect(r.scores[0]!.rank).toBe(1);
    expect(r.scores.every((s) => s.total >= 0 && s.total <= 100)).toBe(true);
    expect(r.scores.every((s) => s.components.length === 5)).toBe(true);
    const mine = getPeriodRanking(env.db, fgj(), oct, '2023-11-22');
    expect(mine.scores.filter((s) => s.components.length > 0).map((s) => s.unitName)).toEqual(['区发展和改革局']);
  });

  it('a unit cannot read another unit’s breakdown', () => {
    const other = actorFor(env.db, 'reporter', '区民政局').unitId!;
    expect(() => getUnitBreakdown(env.db, fgj(), oct, other, '2023-11-22')).toThrow(ForbiddenError);
    expect(getUnitBreakdown(env.db, fgj(), oct, fgj().unitId!, '2023-11-22').score?.unitName).toBe('区发展和改革局');
  });

  it('explanations only inside the window, by unit staff', () => {
    // October's lead deadline is 10-25 (Wed): the window is 10-26 … 11-01 (5 working days).
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '说明' }, '2023-10-25', new Date())).toMatchObject({ ok: false });
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '第10项任务因审批延迟，已于11月初补报。' }, '2023-10-30', new Date())).toMatchObject({ ok: true });
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '说明' }, '2023-11-02', new Date())).toMatchObject({ ok: false, error: '说明期已于 2023-11-01 结束' });
    expect(() => explainScore(env.db, supervisor(), { periodId: oct, content: '说明' }, '2023-10-30', new Date())).toThrow(ForbiddenError);
  });

  it('a locked period keeps its ranking when the data changes afterwards', () => {
    expect(lockPeriod(env.db, supervisor(), oct, '2023-10-30', new Date())).toMatchObject({ ok: false });
    expect(() => lockPeriod(env.db, fgj(), oct, '2023-11-22', new Date())).toThrow(ForbiddenError);
    expect(lockPeriod(env.db, supervisor(), oct, '2023-11-22', new Date())).toMatchObject({ ok: true });
    expect(lockPeriod(env.db, supervisor(), oct, '2023-11-22', new Date())).toMatchObject({ ok: false, error: '该月考核已被锁定' });
    const before = getPeriodRanking(env.db, supervisor(), oct, '2023-11-22').scores.map((s) => [s.unitName, s.total, s.rank]);
    // Afterwards: every October report is approved and the weights change — the locked ranking must not move.
    env.db.update(reports).set({ status: 'approved' }).where(eq(reports.periodId, oct)).run();
    updateAssessmentSettings(env.db, actorFor(env.db, 'admin', null, idOf('admin')), { weights: { onTime: 100, firstPass: 0, warnings: 0, notices: 0, indicators: 0 }, explanationWorkingDays: 5 }, new Date());
    const after = getPeriodRanking(env.db, supervisor(), oct, '2023-11-22');
    expect(after.locked).not.toBeNull();
    expect(after.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(before);
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '迟到的说明' }, '2023-10-30', new Date())).toMatchObject({ ok: false, error: '该月考核已锁定，不能再提交说明' });
  });

  it('year to date averages the months whose deadline has passed', () => {
    const ytd = getYearRanking(env.db, supervisor(), planId, '2023-11-22');
    expect(ytd.months).toEqual(['2023-09', '2023-10']);
    const row = ytd.scores[0]!;
    const vals = Object.values(row.perMonth);
    expect(row.total).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / vals.length, 1);
  });
});
