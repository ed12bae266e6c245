import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, indicators, plans, reportingPeriods, tasks } from '@/db/schema';
import { deleteIndicatorAction, updateIndicatorAction } from '@/app/(app)/indicators/actions';
import { runActionAs } from '@/lib/actions/action-client';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { activePlans } from '@/lib/plans/plan-scope';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { actorFor } from '@/lib/testing/temp-db';
import { completionRatio, createIndicator, deleteIndicator, getIndicatorProgress, listIndicatorsForReview, updateIndicator } from './indicator-service';
import { indicatorIdSchema, indicatorUpdateSchema } from './schemas';

const NOW = new Date('2023-11-22T12:00:00+08:00');

const env = useSeededDb(NOW);
const { as } = env;
let supervisor: Actor;
beforeAll(async () => {
  supervisor = await actorFor(env.db, 'supervisor', '区政府督查室');
});
const sup = () => supervisor;
const indicatorAudits = async () => env.db.select().from(auditLog).where(eq(auditLog.entityType, 'indicator')).orderBy(asc(auditLog.id));
const indicatorById = async (id: number) => (await env.db.select().from(indicators).where(eq(indicators.id, id)).limit(1))[0];

describe('indicators', () => {
  it('the 2023 seed ships at least 40 confirmed indicators, each traceable to its phrase', async () => {
    const all = await env.db.select().from(indicators);
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(all.every((i) => i.status === 'confirmed' && i.sourcePhrase.length > 0)).toBe(true);
    const t15 = (await listIndicatorsForReview(as(sup()), (await activePlans(env.db, sup())).slice(0, 1), { taskNo: 15 })).map((i) => [i.name, i.target, i.unit]);
    expect(t15).toEqual([
      ['国家高新技术企业总量', 85, '家'],
      ['科技型中小企业', 90, '家'],
    ]);
  });

  it('a newly imported notice gets proposals for the office to confirm; only supervisors and admins may', async () => {
    await importNoticeText(env.db, FIRST_DISTRICT_ID, fs.readFileSync(path.join(__dirname, '../plan-import/__fixtures__/wrapped-fullwidth.txt'), 'utf8'));
    const [plan2024] = await env.db.select().from(plans).where(eq(plans.year, 2024)).limit(1);
    expect((await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan2024!.id)).orderBy(asc(reportingPeriods.id))).map((p) => p.month)).toEqual([
      '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12',
    ]);
    const proposed = await listIndicatorsForReview(as(sup()), (await activePlans(env.db, sup())).filter((p) => p.id === plan2024!.id), { status: 'proposed' });
    expect(proposed.map((p) => [p.taskNo, p.target, p.unit])).toContainEqual([3, 8, '所']);
    const one = proposed[0]!;
    const audits = (await indicatorAudits()).length;
    for (const role of ['reporter', 'unit_head', 'leader'] as const) {
      const actor = await actorFor(env.db, role, role === 'leader' ? null : '区发展和改革局');
      await expect(updateIndicator(as(actor), { id: one.id, name: 'x', target: 1, targetMax: null, unit: '个', comparator: 'at_least', kind: 'cumulative', confirm: true })).rejects.toThrow(ForbiddenError);
      await expect(deleteIndicator(as(actor), one.id)).rejects.toThrow(ForbiddenError);
      await expect(listIndicatorsForReview(as(actor), await activePlans(env.db, sup()), {})).rejects.toThrow(ForbiddenError);
    }
    // Refused changes write nothing: the proposal and the audit trail are as they were.
    expect(await indicatorById(one.id)).toMatchObject({ status: 'proposed', name: one.name });
    expect(await indicatorAudits()).toHaveLength(audits);

    const confirmed = await updateIndicator(as(sup()), { id: one.id, name: '新建改扩建学校', target: 8, targetMax: null, unit: '所', comparator: 'at_least', kind: 'cumulative', confirm: true });
    expect(confirmed).toMatchObject({ ok: true, status: 'confirmed', message: '已确认' });
    expect(await indicatorById(one.id)).toMatchObject({ status: 'confirmed', name: '新建改扩建学校' });
    // Bad input is refused by the form's schema, before the service.
    expect(indicatorUpdateSchema.safeParse({ id: one.id, name: '', target: -1, targetMax: null, unit: '所', comparator: 'at_least' }).success).toBe(false);
    await deleteIndicator(as(await actorFor(env.db, 'admin', null)), one.id);
    expect(await indicatorById(one.id)).toBeUndefined();
  });

  it('figures are shown to the task’s units and oversight roles, targets only to others', async () => {
    const [plan2023] = await env.db.select().from(plans).where(eq(plans.year, 2023)).limit(1);
    const [t15] = await env.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.planId, plan2023!.id), eq(tasks.no, 15)))
      .limit(1);
    const forLead = await getIndicatorProgress(as(await actorFor(env.db, 'reporter', '区科学技术局')), t15!.id);
    expect(forLead[0]!.series).not.toBeNull();
    expect((await getIndicatorProgress(as(await actorFor(env.db, 'leader', null)), t15!.id))[0]!.series).not.toBeNull();
    const forOther = await getIndicatorProgress(as(await actorFor(env.db, 'reporter', '区民政局')), t15!.id);
    expect(forOther[0]).toMatchObject({ target: 85, series: null, latest: null });
  });

  it('completion ratio', () => {
    expect(completionRatio(null, 85, 'at_least')).toBeNull();
    expect(completionRatio(68, 85, 'at_least')).toBeCloseTo(0.8);
    expect(completionRatio(4, 5, 'at_most')).toBe(1);
    expect(completionRatio(10, 5, 'at_most')).toBe(0.5);
    // By kind: a ceiling whatever the comparator, a binary figure as done (1) or not (0).
    expect(completionRatio(10, 5, 'at_least', 'ceiling')).toBe(0.5);
    expect(completionRatio(1, 1, 'at_least', 'binary')).toBe(1);
    expect(completionRatio(0, 1, 'at_least', 'binary')).toBe(0);
  });

  it('the curated set’s kinds are stored, and a level figure is judged as it stands', async () => {
    const [plan2023] = await env.db.select().from(plans).where(eq(plans.year, 2023)).limit(1);
    const [t40] = await env.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.planId, plan2023!.id), eq(tasks.no, 40)))
      .limit(1);
    const progress = await getIndicatorProgress(as(sup()), t40!.id);
    expect(progress.map((p) => p.kind)).toEqual(['level', 'level', 'level']);
    expect(progress[0]).toMatchObject({ name: '国省控断面水质达标率', kind: 'level' });
  });

  it('the kind is edited and audited like the other fields', async () => {
    const [one] = await env.db.select().from(indicators).where(eq(indicators.status, 'confirmed')).orderBy(asc(indicators.id)).limit(1);
    const fields = { id: one!.id, name: one!.name, target: one!.target, targetMax: one!.targetMax, unit: one!.unit, comparator: one!.comparator, confirm: false };
    expect(await updateIndicator(as(sup()), { ...fields, kind: 'level' })).toMatchObject({ ok: true });
    expect(await indicatorById(one!.id)).toMatchObject({ kind: 'level' });
    expect(JSON.parse((await indicatorAudits()).at(-1)!.detail!)).toMatchObject({ changes: { kind: { from: one!.kind, to: 'level' } } });
    await updateIndicator(as(sup()), { ...fields, kind: one!.kind });
    // Without a kind the form is refused: an edit must not silently turn a rate back into a running total.
    expect(indicatorUpdateSchema.safeParse(fields).success).toBe(false);
  });
});

describe('indicator changes are audited, each in one transaction', () => {
  const firstTask = async () => (await env.db.select({ id: tasks.id }).from(tasks).orderBy(tasks.id).limit(1))[0]!.id;
  const lastAudit = async () => (await indicatorAudits()).at(-1)!;

  it('create, update, confirm and delete each write their audit line', async () => {
    const taskId = await firstTask();
    const created = await createIndicator(as(sup()), { taskId, name: '新增指标', target: 10, targetMax: null, unit: '个', comparator: 'at_least', kind: 'cumulative', sourcePhrase: '原文出处' });
    expect(created).toMatchObject({ ok: true, message: '已新增指标' });
    const id = (created as { id: number }).id;
    expect(await indicatorById(id)).toMatchObject({ status: 'confirmed', position: 99, taskId });
    expect(await lastAudit()).toMatchObject({ action: 'indicator.create', entityId: id, taskId, actorName: sup().displayName });

    expect(await updateIndicator(as(sup()), { id, name: '新增指标', target: 12, targetMax: null, unit: '个', comparator: 'at_least', kind: 'cumulative', confirm: false })).toMatchObject({ ok: true, message: '已保存' });
    const update = await lastAudit();
    expect(update).toMatchObject({ action: 'indicator.update', entityId: id, taskId });
    expect(JSON.parse(update.detail!)).toMatchObject({ changes: { target: { from: 10, to: 12 } } });

    // A proposal confirmed: 'indicator.confirm'.
    await env.db.update(indicators).set({ status: 'proposed' }).where(eq(indicators.id, id));
    expect(await updateIndicator(as(sup()), { id, name: '新增指标', target: 12, targetMax: null, unit: '个', comparator: 'at_least', kind: 'cumulative', confirm: true })).toMatchObject({ ok: true, status: 'confirmed' });
    expect(JSON.parse((await lastAudit()).detail!)).toMatchObject({ status: { from: 'proposed', to: 'confirmed' } });
    expect(await lastAudit()).toMatchObject({ action: 'indicator.confirm', entityId: id });

    expect(await deleteIndicator(as(sup()), id)).toMatchObject({ ok: true, message: '已删除' });
    expect(await lastAudit()).toMatchObject({ action: 'indicator.delete', entityId: id, taskId });
    expect(await indicatorById(id)).toBeUndefined();
  });

  it('an unknown indicator or task is refused as not found, and nothing is written', async () => {
    const before = (await indicatorAudits()).length;
    const update = updateIndicator(as(sup()), { id: 999999, name: 'x', target: 1, targetMax: null, unit: '个', comparator: 'at_least', kind: 'cumulative', confirm: true });
    await expect(update).rejects.toBeInstanceOf(NotFoundError);
    await expect(update).rejects.toThrow('找不到该指标');
    // Through the action pipeline the form gets the message, not a server error.
    expect(await runActionAs(updateIndicatorAction, as(sup()), { id: 999999, name: 'x', target: 1, targetMax: null, unit: '个', comparator: 'at_least', kind: 'cumulative', confirm: true })).toEqual({
      ok: false,
      error: '找不到该指标',
    });
    expect(await runActionAs(deleteIndicatorAction, as(sup()), 'x')).toMatchObject({ ok: false, error: '指标编号不正确' });
    const create = createIndicator(as(sup()), { taskId: 999999, name: 'x', target: 1, targetMax: null, unit: '个', comparator: 'at_least', kind: 'cumulative', sourcePhrase: '原文' });
    await expect(create).rejects.toBeInstanceOf(NotFoundError);
    await expect(create).rejects.toThrow('找不到该任务');
    // Removing what is already gone changes nothing: no audit line.
    expect(await deleteIndicator(as(sup()), 999999)).toMatchObject({ ok: true });
    expect(await indicatorAudits()).toHaveLength(before);
    expect(indicatorIdSchema.safeParse(-1).success).toBe(false);
  });
});

describe('districts', () => {
  let d2: SecondDistrict;
  let sup2: Actor;
  let t15: number, t15b: number;
  const form = { name: '指标', target: 1, targetMax: null, unit: '个', comparator: 'at_least' as const, kind: 'cumulative' as const };
  /** Every indicator row and the audit trail: what a refused change must leave as it was. */
  const state = async () => ({ rows: await env.db.select().from(indicators).orderBy(asc(indicators.id)), audits: (await indicatorAudits()).length });
  const taskIdsOf = async (districtId: number) => new Set((await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.districtId, districtId))).map((t) => t.id));

  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    sup2 = await d2.actor('supervisor');
    [t15, t15b] = [env.taskId(15), d2.taskId(15)];
    // The second district confirms one of its proposals for task 15 (its list came in as proposals).
    const [proposal] = await env.db.select().from(indicators).where(eq(indicators.taskId, t15b)).orderBy(asc(indicators.id)).limit(1);
    expect(await updateIndicator(as(sup2), { ...form, id: proposal!.id, name: proposal!.name, target: proposal!.target, unit: proposal!.unit, confirm: true })).toMatchObject({ ok: true });
  });

  it('the review list of each district holds only its own tasks’ indicators, whatever lists are in view', async () => {
    const everyList = await activePlans(env.db, { kind: 'all' });
    for (const [actor, districtId] of [
      [sup(), FIRST_DISTRICT_ID],
      [sup2, d2.districtId],
    ] as const) {
      const own = await taskIdsOf(districtId);
      const rows = await listIndicatorsForReview(as(actor), everyList, {});
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => !own.has(r.taskId))).toEqual([]);
    }
  });

  it('the figures of the other district’s task are none, as for a missing task', async () => {
    expect((await getIndicatorProgress(as(sup()), t15)).length).toBeGreaterThan(0);
    expect((await getIndicatorProgress(as(sup2), t15b)).length).toBe(1);
    for (const [actor, otherTask] of [
      [sup(), t15b],
      [await actorFor(env.db, 'reporter', '区科学技术局'), t15b],
      [sup2, t15],
      [await d2.actor('reporter', '区科学技术局'), t15],
    ] as const) {
      expect(await getIndicatorProgress(as(actor), otherTask)).toEqual([]);
    }
  });

  it('the other district’s indicators and tasks are refused as missing ones, and nothing is written', async () => {
    const [ofTwo] = await env.db.select().from(indicators).where(eq(indicators.taskId, t15b)).limit(1);
    const [ofOne] = await env.db.select().from(indicators).where(eq(indicators.taskId, t15)).limit(1);
    for (const [actor, indicatorId, taskId] of [
      [sup(), ofTwo!.id, t15b],
      [sup2, ofOne!.id, t15],
    ] as const) {
      const before = await state();
      const update = updateIndicator(as(actor), { ...form, id: indicatorId, confirm: true });
      await expect(update).rejects.toBeInstanceOf(NotFoundError);
      await expect(update).rejects.toThrow('找不到该指标');
      const create = createIndicator(as(actor), { ...form, taskId, sourcePhrase: '原文' });
      await expect(create).rejects.toBeInstanceOf(NotFoundError);
      await expect(create).rejects.toThrow('找不到该任务');
      // As for an id already gone: nothing removed, nothing audited.
      expect(await deleteIndicator(as(actor), indicatorId)).toEqual(await deleteIndicator(as(actor), 999_999));
      expect(await state()).toEqual(before);
    }
  });
});
