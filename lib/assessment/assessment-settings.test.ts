import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { activePlans, planById, type PlanSummary } from '@/lib/plans/plan-scope';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { DEFAULT_ASSESSMENT_SETTINGS, getAssessmentSettings, updateAssessmentSettings, updateListWeights } from './assessment-settings';
import { getMonthRanking } from './ranking';
import { assessmentSettingsSchema, listWeightsSchema } from './schemas';
import { addTwoLists } from './test-lists';

const TODAY = '2023-11-22';
const NOW = new Date(`${TODAY}T12:00:00+08:00`);

describe('assessment settings and list weights', () => {
  let env: Awaited<ReturnType<typeof createSeededDb>>;
  let ids: Map<string, number>;
  let keyTasks: PlanSummary;
  let livelihood: PlanSummary;
  const as = (actor: Actor, meta?: { ip: string | null }) => contextFor(env.db, actor, NOW, meta);
  const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', ids.get('duchashi'));
  const admin = () => actorFor(env.db, 'admin', null, ids.get('admin'));
  const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', ids.get('fgj'));
  const both = () => activePlans(env.db);
  const auditsOf = async (action: string) => env.db.select().from(auditLog).where(eq(auditLog.action, action));

  beforeAll(async () => {
    env = await createSeededDb();
    ids = new Map((await env.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
    ({ keyTasks, livelihood } = await addTwoLists(env.db, TODAY));
  });
  afterAll(() => env.cleanup());

  it('list weights: the office edits them (validated, audited); the combined score follows', async () => {
    const before = (await getMonthRanking(as(supervisor()), await both(), '2023-09')).scores.find((s) => s.unitName === '区发展和改革局')!;
    await expect(updateListWeights(as(fgj()), { weights: [{ planId: livelihood.id, weight: 1 }] })).rejects.toThrow(ForbiddenError);
    await expect(updateListWeights(as(actorFor(env.db, 'leader', null, ids.get('lingdao'))), { weights: [{ planId: livelihood.id, weight: 1 }] })).rejects.toThrow(ForbiddenError);
    // The form's schema refuses bad weights before the service is called.
    expect(() => listWeightsSchema.parse({ weights: [{ planId: livelihood.id, weight: -1 }] })).toThrow(/权重不能为负数/);
    expect(() =>
      listWeightsSchema.parse({
        weights: [
          { planId: keyTasks.id, weight: 0 },
          { planId: livelihood.id, weight: 0 },
        ],
      }),
    ).toThrow(/至少一个清单的权重须大于 0/);
    const audits = (await auditsOf('assessment.list_weights')).length;
    expect(await updateListWeights(as(supervisor()), { weights: [{ planId: 99999, weight: 1 }] })).toMatchObject({ ok: false, error: '只能调整进行中的任务清单的权重' });
    expect(await auditsOf('assessment.list_weights')).toHaveLength(audits);
    expect(
      await updateListWeights(as(supervisor(), { ip: '10.0.0.7' }), {
        weights: [
          { planId: keyTasks.id, weight: 1 },
          { planId: livelihood.id, weight: 3 },
        ],
      }),
    ).toMatchObject({ ok: true, changed: 1 });
    expect((await planById(env.db, livelihood.id))!.weight).toBe(3);
    const line = await auditsOf('assessment.list_weights');
    expect(line).toHaveLength(audits + 1);
    expect(line.at(-1)).toMatchObject({ actorId: ids.get('duchashi'), ip: '10.0.0.7' });
    expect(JSON.parse(line.at(-1)!.detail!)).toMatchObject({ changes: [{ planId: livelihood.id, from: 2, to: 3 }] });
    const after = (await getMonthRanking(as(supervisor()), await both(), '2023-09')).scores.find((s) => s.unitName === '区发展和改革局')!;
    const [k, l] = after.lists.map((p) => p.total) as [number, number];
    expect(after.total).toBe(Math.round(((k + 3 * l) / 4) * 10) / 10);
    expect(after.lists.map((p) => p.total)).toEqual(before.lists.map((p) => p.total));
    // Admins manage lists too.
    expect(await updateListWeights(as(admin()), { weights: [{ planId: livelihood.id, weight: 2 }] })).toMatchObject({ ok: true, changed: 1 });
    // Nothing changed: nothing to audit.
    const unchanged = (await auditsOf('assessment.list_weights')).length;
    expect(await updateListWeights(as(admin()), { weights: [{ planId: livelihood.id, weight: 2 }] })).toMatchObject({ ok: true, changed: 0, message: '清单权重没有变化' });
    expect(await auditsOf('assessment.list_weights')).toHaveLength(unchanged);
  });

  it('score weights: the admin edits them, audited; others are refused and nothing is written', async () => {
    expect(await getAssessmentSettings(env.db)).toEqual(DEFAULT_ASSESSMENT_SETTINGS);
    const next = assessmentSettingsSchema.parse({ weights: { onTime: 40, firstPass: 20, warnings: 20, notices: 10, indicators: 10 }, explanationWorkingDays: 3 });
    await expect(updateAssessmentSettings(as(supervisor()), next)).rejects.toThrow(ForbiddenError);
    expect(await auditsOf('assessment.settings')).toHaveLength(0);
    expect(await updateAssessmentSettings(as(admin(), { ip: '10.0.0.9' }), next)).toMatchObject({ ok: true, message: '考核权重已保存' });
    expect(await getAssessmentSettings(env.db)).toEqual(next);
    expect(await auditsOf('assessment.settings')).toMatchObject([{ actorId: ids.get('admin'), ip: '10.0.0.9' }]);
    expect(() => assessmentSettingsSchema.parse({ ...next, weights: { onTime: 0, firstPass: 0, warnings: 0, notices: 0, indicators: 0 } })).toThrow(/至少一项权重须大于 0/);
  });
});
