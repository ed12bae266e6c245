import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import { planById } from '@/lib/plans/plan-scope';
import { DEFAULT_ASSESSMENT_SETTINGS, getAssessmentSettings, updateAssessmentSettings, updateListWeights } from './assessment-settings';
import { getMonthRanking } from './ranking';
import { assessmentSettingsSchema, listWeightsSchema } from './schemas';
import { TODAY, useTwoLists } from './assessment.fixture';

describe('assessment settings and list weights', () => {
  const { env, as, lists, inView: both } = useTwoLists();
  const { supervisor, admin, fgj } = env;
  const auditsOf = async (action: string) => env.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));

  it('list weights: the office edits them (validated, audited); the combined score follows', async () => {
    const before = (await getMonthRanking(as(supervisor()), await both(), '2023-09')).scores.find((s) => s.unitName === '区发展和改革局')!;
    await expect(updateListWeights(as(fgj()), { weights: [{ planId: lists.livelihood.id, weight: 1 }] })).rejects.toThrow(ForbiddenError);
    await expect(updateListWeights(as(env.leader()), { weights: [{ planId: lists.livelihood.id, weight: 1 }] })).rejects.toThrow(ForbiddenError);
    // The form's schema refuses bad weights before the service is called.
    expect(() => listWeightsSchema.parse({ weights: [{ planId: lists.livelihood.id, weight: -1 }] })).toThrow(/权重不能为负数/);
    expect(() =>
      listWeightsSchema.parse({
        weights: [
          { planId: lists.keyTasks.id, weight: 0 },
          { planId: lists.livelihood.id, weight: 0 },
        ],
      }),
    ).toThrow(/至少一个清单的权重须大于 0/);
    const audits = (await auditsOf('assessment.list_weights')).length;
    expect(await updateListWeights(as(supervisor()), { weights: [{ planId: 99999, weight: 1 }] })).toMatchObject({ ok: false, error: '只能调整进行中的任务清单的权重' });
    expect(await auditsOf('assessment.list_weights')).toHaveLength(audits);
    expect(
      await updateListWeights(as(supervisor(), TODAY, { ip: '10.0.0.7' }), {
        weights: [
          { planId: lists.keyTasks.id, weight: 1 },
          { planId: lists.livelihood.id, weight: 3 },
        ],
      }),
    ).toMatchObject({ ok: true, changed: 1 });
    expect((await planById(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID }, lists.livelihood.id))!.weight).toBe(3);
    const line = await auditsOf('assessment.list_weights');
    expect(line).toHaveLength(audits + 1);
    expect(line.at(-1)).toMatchObject({ actorId: env.idOf('duchashi'), ip: '10.0.0.7' });
    expect(JSON.parse(line.at(-1)!.detail!)).toMatchObject({ changes: [{ planId: lists.livelihood.id, from: 2, to: 3 }] });
    const after = (await getMonthRanking(as(supervisor()), await both(), '2023-09')).scores.find((s) => s.unitName === '区发展和改革局')!;
    const [k, l] = after.lists.map((p) => p.total) as [number, number];
    expect(after.total).toBe(Math.round(((k + 3 * l) / 4) * 10) / 10);
    expect(after.lists.map((p) => p.total)).toEqual(before.lists.map((p) => p.total));
    // Admins manage lists too.
    expect(await updateListWeights(as(admin()), { weights: [{ planId: lists.livelihood.id, weight: 2 }] })).toMatchObject({ ok: true, changed: 1 });
    // Nothing changed: nothing to audit.
    const unchanged = (await auditsOf('assessment.list_weights')).length;
    expect(await updateListWeights(as(admin()), { weights: [{ planId: lists.livelihood.id, weight: 2 }] })).toMatchObject({ ok: true, changed: 0, message: '清单权重没有变化' });
    expect(await auditsOf('assessment.list_weights')).toHaveLength(unchanged);
  });

  it('score weights: the admin edits them, audited; others are refused and nothing is written', async () => {
    expect(await getAssessmentSettings(env.db, FIRST_DISTRICT_ID)).toEqual(DEFAULT_ASSESSMENT_SETTINGS);
    const next = assessmentSettingsSchema.parse({ weights: { onTime: 40, firstPass: 20, warnings: 20, notices: 10, indicators: 10 }, explanationWorkingDays: 3 });
    await expect(updateAssessmentSettings(as(supervisor()), next)).rejects.toThrow(ForbiddenError);
    expect(await auditsOf('assessment.settings')).toHaveLength(0);
    expect(await updateAssessmentSettings(as(admin(), TODAY, { ip: '10.0.0.9' }), next)).toMatchObject({ ok: true, message: '考核权重已保存' });
    expect(await getAssessmentSettings(env.db, FIRST_DISTRICT_ID)).toEqual(next);
    expect(await auditsOf('assessment.settings')).toMatchObject([{ actorId: env.idOf('admin'), ip: '10.0.0.9' }]);
    expect(() => assessmentSettingsSchema.parse({ ...next, weights: { onTime: 0, firstPass: 0, warnings: 0, notices: 0, indicators: 0 } })).toThrow(/至少一项权重须大于 0/);
  });
});
