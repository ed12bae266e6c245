/** taskActivity: what exists for a task, whoever may see it. */
import { describe, expect, it } from 'vitest';
import { extensionRequests, milestonePlans, problems, tasks, units, users } from '@/db/schema';
import { FIRST_DISTRICT_ID, type DistrictScope } from '@/lib/districts/district-scope';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { taskActivity } from './task-activity';

const env = useSeededDb();
const D1: DistrictScope = { kind: 'district', districtId: FIRST_DISTRICT_ID };

describe('taskActivity', () => {
  it('is all false for no task at all', async () => {
    expect(await taskActivity(env.db, D1, 987_654)).toEqual({ extensionRequests: false, problems: false, milestonePlan: false });
  });

  it('is all false for a task with none of the records, and turns each flag on when its record exists', async () => {
    const rows = await env.db.select({ id: tasks.id }).from(tasks);
    const probes = await Promise.all(rows.map(async (r) => ({ id: r.id, a: await taskActivity(env.db, D1, r.id) })));
    const quiet = probes.filter((p) => !p.a.extensionRequests && !p.a.problems && !p.a.milestonePlan);
    expect(quiet.length, 'tasks with no records in the seed').toBeGreaterThan(2);
    // Not the first: a task id that equals no record's own id (a correlation slip would show).
    const taskId = quiet[quiet.length - 1]!.id;
    const neighbour = quiet[0]!.id;
    const [unit] = await env.db.select({ id: units.id }).from(units).limit(1);
    const [user] = await env.db.select({ id: users.id }).from(users).limit(1);
    const now = new Date('2023-11-22T10:00:00+08:00');
    await env.db.insert(milestonePlans).values({ taskId, unitId: unit!.id, status: 'draft', version: 1, updatedAt: now });
    expect(await taskActivity(env.db, D1, taskId)).toEqual({ extensionRequests: false, problems: false, milestonePlan: true });
    await env.db.insert(problems).values({ taskId, unitId: unit!.id, addressedTo: 'office', content: '需要协调', status: 'open', raisedBy: user!.id, raisedAt: now });
    expect(await taskActivity(env.db, D1, taskId)).toEqual({ extensionRequests: false, problems: true, milestonePlan: true });
    await env.db
      .insert(extensionRequests)
      .values({ subject: 'task_deadline', taskId, unitId: unit!.id, fromDate: '2023-12-31', toDate: '2024-03-31', reason: '征地未完成', status: 'pending', requestedBy: user!.id, requestedAt: now });
    expect(await taskActivity(env.db, D1, taskId)).toEqual({ extensionRequests: true, problems: true, milestonePlan: true });
    // Another task's records are not this one's.
    expect(await taskActivity(env.db, D1, neighbour)).toEqual({ extensionRequests: false, problems: false, milestonePlan: false });
  });

  it('agrees with the records of every task in the demo data', async () => {
    const rows = await env.db.select({ id: tasks.id }).from(tasks);
    const withProblems = new Set((await env.db.select({ t: problems.taskId }).from(problems)).map((r) => r.t));
    const withPlans = new Set((await env.db.select({ t: milestonePlans.taskId }).from(milestonePlans)).map((r) => r.t));
    const withExtensions = new Set((await env.db.select({ t: extensionRequests.taskId }).from(extensionRequests)).map((r) => r.t));
    expect(withProblems.size + withPlans.size + withExtensions.size, 'the demo has some records').toBeGreaterThan(0);
    for (const r of rows) {
      expect(await taskActivity(env.db, D1, r.id), `task ${r.id}`).toEqual({ extensionRequests: withExtensions.has(r.id), problems: withProblems.has(r.id), milestonePlan: withPlans.has(r.id) });
    }
  });
});
