/** The ledger of two districts (the same notice, the same task numbers, other ids): each district sees its own tasks only. */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { problems, tasks, units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { activePlans, planById, type PlanSummary } from '@/lib/plans/plan-scope';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { resolveUnitId } from '@/lib/units/unit-service';
import { getLedger, getTaskById, ledgerFilterSchema, listSections } from './ledger-service';
import { taskActivity } from './task-activity';

const env = useSeededDb();
let d2: SecondDistrict;
let both: PlanSummary[];
let city: Actor;
type Side = { district: number; planId: number; taskId: (no: number) => number; actors: Actor[] };
let sides: Side[];
const taskIdsOf = async (districtId: number) => new Set((await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.districtId, districtId))).map((t) => t.id));

beforeAll(async () => {
  d2 = await addSecondDistrict(env.db);
  both = [(await planById(env.db, { kind: 'all' }, env.planId()))!, (await planById(env.db, { kind: 'all' }, d2.planId))!];
  sides = [
    { district: FIRST_DISTRICT_ID, planId: env.planId(), taskId: env.taskId, actors: [env.supervisor(), env.sthj()] },
    { district: d2.districtId, planId: d2.planId, taskId: d2.taskId, actors: [await d2.actor('supervisor'), await d2.actor('reporter', '河东生态环境分局')] },
  ];
  city = await actorFor(env.db, 'city_supervisor', null);
  // A problem on district 2's task 40 only.
  const [unit] = await env.db.select({ id: units.id }).from(units).where(eq(units.districtId, d2.districtId)).limit(1);
  await env.db.insert(problems).values({ taskId: d2.taskId(40), unitId: unit!.id, addressedTo: 'office', content: '需要协调', status: 'open', raisedBy: sides[1]!.actors[0]!.userId, raisedAt: new Date('2023-11-20T10:00:00+08:00') });
});

describe('districts', () => {
  it('the ledger, its sections and a task by id: the district’s own, whatever lists are passed in view', async () => {
    for (const [i, side] of sides.entries()) {
      const other = sides[1 - i]!;
      const own = await taskIdsOf(side.district);
      for (const actor of side.actors) {
        const ctx = env.as(actor);
        const ledger = await getLedger(ctx, both, ledgerFilterSchema.parse({}));
        expect(ledger.plans.map((p) => p.id)).toEqual([side.planId]);
        expect(ledger.total).toBe(77);
        const ids = ledger.sections.flatMap((s) => s.tasks.map((t) => t.id));
        expect(ids).toHaveLength(77);
        expect(ids.every((id) => own.has(id))).toBe(true);
        expect(ledger.allSections.map((s) => s.id)).toEqual(ledger.sections.map((s) => s.id));
        // Only the other district's list in view: nothing at all.
        expect(await getLedger(ctx, [both[1 - i]!], ledgerFilterSchema.parse({}))).toMatchObject({ plans: [], sections: [], total: 0, matched: 0 });
        expect(await listSections(ctx, [both[1 - i]!])).toEqual([]);
        expect((await listSections(ctx, both)).length).toBe(12);
        // A unit filter naming the other district's unit matches none of this district's tasks.
        const otherSthj = (await resolveUnitId(env.db, other.district, '河东生态环境分局'))!;
        expect((await getLedger(ctx, both, ledgerFilterSchema.parse({ unit: String(otherSthj) }))).matched).toBe(0);
        expect(await getTaskById(ctx, other.taskId(40))).toBeNull();
        expect((await getTaskById(ctx, side.taskId(40)))!.id).toBe(side.taskId(40));
        expect(await taskActivity(env.db, actor, other.taskId(40))).toEqual({ extensionRequests: false, problems: false, milestonePlan: false });
      }
    }
    expect((await taskActivity(env.db, sides[1]!.actors[0]!, d2.taskId(40))).problems).toBe(true);
    // The city office reads both districts.
    const cityLedger = await getLedger(env.as(city), await activePlans(env.db, city), ledgerFilterSchema.parse({}));
    expect(cityLedger.plans.map((p) => p.id)).toEqual(expect.arrayContaining([env.planId(), d2.planId]));
    expect((await getTaskById(env.as(city), d2.taskId(40)))!.id).toBe(d2.taskId(40));
  });
});
