/** Lists (任务清单) of two districts: each district's accounts see and change only their own. */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { plans, taskUnits, tasks, units, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { registerItem } from './item-service';
import { registerItemSchema } from './plan-schemas';
import { activePlans, planById, planScope, plansInDistrict, setListFilter, taskListStatus } from './plan-scope';
import { assignTask, getDecomposition, setPlanStatus, updatePlanSettings } from './plan-service';

const NOW = new Date('2023-11-22T09:30:00+08:00');
const WORK_REPORT = fs.readFileSync(path.resolve('db/seed-data/hedong-2023-government-work-report.txt'), 'utf8');
const env = useSeededDb(NOW);

let d2: SecondDistrict;
/** District 2's draft work report (being decomposed). */
let draft2: number;
let sup2: Actor;
let city: Actor;
const sup1 = () => env.supervisor();
const ctx = (actor: Actor) => env.as(actor);
const planRow = async (id: number) => (await env.db.select().from(plans).where(eq(plans.id, id)).limit(1))[0]!;

beforeAll(async () => {
  d2 = await addSecondDistrict(env.db);
  draft2 = (await importNoticeText(env.db, d2.districtId, WORK_REPORT, { kind: 'work_report' })).summary.planId!;
  sup2 = await d2.actor('supervisor');
  city = await actorFor(env.db, 'city_supervisor', null);
});

describe('districts', () => {
  it('reads: each district its own lists; another district’s ids are no list and no task', async () => {
    const cases: [Actor, number, number, number][] = [
      [sup1(), env.planId(), d2.planId, d2.taskId(40)],
      [sup2, d2.planId, env.planId(), env.taskId(40)],
    ];
    for (const [actor, own, other, otherTask] of cases) {
      const ids = (await activePlans(env.db, actor)).map((p) => p.id);
      expect(ids).toContain(own);
      expect(ids).not.toContain(other);
      expect((await planScope(env.db, actor)).active.map((p) => p.id)).toEqual(ids);
      expect(await planById(env.db, actor, other)).toBeNull();
      expect((await planById(env.db, actor, own))?.id).toBe(own);
      expect(await taskListStatus(env.db, actor, otherTask)).toBeNull();
      const both = [await planById(env.db, { kind: 'all' }, own), await planById(env.db, { kind: 'all' }, other)].map((p) => p!);
      expect((await plansInDistrict(env.db, actor, both)).map((p) => p.id)).toEqual([own]);
    }
    // The city office reads every district's lists.
    expect((await activePlans(env.db, city)).map((p) => p.id)).toEqual(expect.arrayContaining([env.planId(), d2.planId]));
    expect(await taskListStatus(env.db, city, d2.taskId(40))).toBe('active');
    // A draft of the other district is no decomposition.
    expect(await getDecomposition(ctx(sup1()), draft2)).toBeNull();
    const d = (await getDecomposition(ctx(sup2), draft2))!;
    const districtUnits = await env.db.select({ id: units.id }).from(units).where(and(eq(units.districtId, d2.districtId), eq(units.active, true)));
    expect(d.unitNames).toHaveLength(districtUnits.length);
  });

  it('the remembered list filter takes only a list of the district', async () => {
    expect(await setListFilter(env.db, sup1(), { plan: d2.planId })).toEqual({ ok: false, error: '该任务清单不存在或已归档' });
    const [row] = await env.db.select({ planId: users.listFilterPlanId }).from(users).where(eq(users.id, sup1().userId));
    expect(row!.planId).toBeNull();
  });

  it('writes naming the other district’s list or task are refused as not found, and write nothing', async () => {
    const before = await planRow(d2.planId);
    expect(await updatePlanSettings(ctx(sup1()), { planId: d2.planId, shortName: '别的名字', kind: 'key_tasks' })).toEqual({ ok: false, error: '找不到该任务清单' });
    expect(await setPlanStatus(ctx(sup1()), { planId: d2.planId, status: 'archived' })).toEqual({ ok: false, error: '找不到该任务清单' });
    expect(await setPlanStatus(ctx(sup1()), { planId: draft2, status: 'active' })).toEqual({ ok: false, error: '找不到该任务清单' });
    expect(await planRow(d2.planId)).toEqual(before);
    expect((await planRow(draft2)).status).toBe('draft');
    const [draftTask] = await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, draft2)).limit(1);
    expect(await assignTask(ctx(sup1()), { taskId: draftTask!.id, lead: ['区发展和改革局'], participating: [], leaders: [], deadline: null })).toEqual({ ok: false, error: '找不到该任务' });
    expect(await env.db.select().from(taskUnits).where(eq(taskUnits.taskId, draftTask!.id))).toEqual([]);
    // Its own district's office assigns it, with its own district's units.
    expect(await assignTask(ctx(sup2), { taskId: draftTask!.id, lead: ['区发展和改革局'], participating: [], leaders: [], deadline: null })).toMatchObject({ ok: true });
    const [link] = await env.db.select({ districtId: units.districtId }).from(taskUnits).innerJoin(units, eq(units.id, taskUnits.unitId)).where(eq(taskUnits.taskId, draftTask!.id));
    expect(link!.districtId).toBe(d2.districtId);
    // The city office writes nothing.
    await expect(updatePlanSettings(ctx(city), { planId: d2.planId, shortName: '别的名字', kind: 'key_tasks' })).rejects.toThrow(ForbiddenError);
  });

  it('a short name is unique among the district’s lists only', async () => {
    const taken = '年度任务';
    expect(await updatePlanSettings(ctx(sup1()), { planId: env.planId(), shortName: taken, kind: 'key_tasks' })).toMatchObject({ ok: true });
    expect(await updatePlanSettings(ctx(sup2), { planId: d2.planId, shortName: taken, kind: 'key_tasks' })).toMatchObject({ ok: true });
    expect((await planRow(d2.planId)).shortName).toBe(taken);
  });

  it('an item registered by each district goes to its own list, with its own units', async () => {
    const item = registerItemSchema.parse({ kind: 'meeting', source: '区政府常务会议', title: '加快老旧小区改造', content: '年底前完成。', lead: '区住建局', participating: '九曲街道', leaders: '', deadline: '2023-12-20' });
    const r1 = await registerItem(ctx(sup1()), item);
    const r2 = await registerItem(ctx(sup2), item);
    expect(r1).toMatchObject({ ok: true, data: { label: '会议事项 1' } });
    expect(r2).toMatchObject({ ok: true, data: { label: '会议事项 1' } });
    for (const [r, districtId] of [
      [r1, FIRST_DISTRICT_ID],
      [r2, d2.districtId],
    ] as const) {
      const taskId = r.ok ? r.data.taskId : -1;
      const [row] = await env.db.select({ districtId: tasks.districtId, planDistrict: plans.districtId }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(eq(tasks.id, taskId));
      expect(row).toEqual({ districtId, planDistrict: districtId });
      const linked = await env.db.select({ districtId: units.districtId }).from(taskUnits).innerJoin(units, eq(units.id, taskUnits.unitId)).where(eq(taskUnits.taskId, taskId));
      expect(linked.map((l) => l.districtId)).toEqual([districtId, districtId]);
    }
  });
});

describe('an account without a district (安全/审计管理员)', () => {
  it('has no lists in view, and reads no list by id', async () => {
    const security = await actorFor(env.db, 'security_admin', null);
    expect(await planScope(env.db, security)).toEqual({ plans: [], chosen: null, active: [] });
    await expect(activePlans(env.db, security)).rejects.toThrow(ForbiddenError);
    expect(await setListFilter(env.db, security, { plan: env.planId() })).toEqual({ ok: false, error: '该任务清单不存在或已归档' });
    expect(await setListFilter(env.db, security, { plan: 'all' })).toEqual({ ok: true });
  });
});
