import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '@/lib/errors';
import { activePlans } from '@/lib/plans/plan-scope';
import { actorFor } from '@/lib/testing/temp-db';
import { contribute, ctxOf, draft, env, fgj, kjj, nov, report, setUpReporting, sthj, task40, tearDownReporting } from './reporting.fixture';
import { getWorkbench } from './workbench';

beforeAll(async () => {
  await setUpReporting();
  // The lead unit has sent its November report on task 40, and two participating units their parts.
  expect(await report(sthj(), draft({ progress: '本月完成臭氧污染防治攻坚。', percentDone: 80 }), 'submit')).toMatchObject({ ok: true });
  expect(await contribute(kjj(), { taskId: task40, periodId: nov, version: 0, content: '配合开展VOCs专项检查' }, 'submit')).toMatchObject({ ok: true });
  expect(await contribute(fgj(), { taskId: task40, periodId: nov, version: 0, content: '配合做好减排项目审批' }, 'submit')).toMatchObject({ ok: true });
});
afterAll(tearDownReporting);

describe('reporter’s workbench', () => {
  it('shows this period’s state and parts received for the unit’s own tasks only', async () => {
    const [wb, ...others] = await getWorkbench(ctxOf(sthj()), await activePlans(env.db, sthj()));
    if (!wb) throw new Error('no workbench');
    expect(others).toEqual([]);
    expect(wb.period?.month).toBe('2023-11');
    const row40 = wb.leading.find((r) => r.task.no === 40)!;
    expect(row40.state).toBe('submitted');
    expect(row40.partsExpected).toBeGreaterThanOrEqual(13);
    expect(row40.partsReceived).toBe(2);
    expect(wb.leading.map((r) => r.task.no)).toEqual([8, 39, 40, 41, 42]);
    expect(wb.joining).toEqual([]);
    expect(Object.keys(row40.history)).toContain('2023-11');
    await expect(getWorkbench(ctxOf(await actorFor(env.db, 'supervisor', '区政府督查室')), await activePlans(env.db, sthj()))).rejects.toThrow(ForbiddenError);
  });

  it('a participating unit sees its parts with the lead units’ names', async () => {
    const [wb] = await getWorkbench(ctxOf(kjj()), await activePlans(env.db, kjj()));
    if (!wb) throw new Error('no workbench');
    const row40 = wb.joining.find((r) => r.task.no === 40);
    expect(row40?.state).toBe('submitted');
    expect(row40?.task.leadNames.length).toBeGreaterThan(0);
  });
});
