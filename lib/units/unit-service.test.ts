import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { addTestList, livelihoodList } from '@/lib/assessment/test-lists';
import { activePlans, type PlanSummary } from '@/lib/plans/plan-scope';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { listUnits } from './unit-service';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';

const env = useSeededDb();
let keyTasks: PlanSummary;
let livelihood: PlanSummary;
/** 区民政局's reporter (made in beforeAll, once the database exists). */
let readerActor: Actor;

beforeAll(async () => {
  keyTasks = (await activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID }))[0]!;
  const added = await addTestList(
    env.db,
    livelihoodList(
      [
        { no: 1, title: '街道便民服务站提升', lead: ['九曲街道'] },
        { no: 2, title: '新建社区养老服务中心', lead: ['区投资促进服务中心'], participating: ['九曲街道'] },
      ],
      { cadence: 'quarterly' },
    ),
  );
  livelihood = added.plan;
  readerActor = await actorFor(env.db, 'reporter', '区民政局');
});

const reader = () => env.as(readerActor);
const row = (list: Awaited<ReturnType<typeof listUnits>>, name: string) => list.find((u) => u.name === name)!;

describe('unit list across the lists in view', () => {
  it('counts led and joined tasks of every list in view', async () => {
    const one = await listUnits(reader(), [keyTasks]);
    expect(row(one, '区投资促进服务中心')).toMatchObject({ leadCount: 3, aliases: ['区投资促进中心'] });
    expect(row(one, '九曲街道')).toMatchObject({ leadCount: 0, participatingCount: 0 });
    const both = await listUnits(reader(), [keyTasks, livelihood]);
    expect(row(both, '区投资促进服务中心').leadCount).toBe(4);
    expect(row(both, '九曲街道')).toMatchObject({ leadCount: 1, participatingCount: 1 });
    expect(row(await listUnits(reader(), [livelihood]), '九曲街道')).toMatchObject({ leadCount: 1, participatingCount: 1 });
  });

  it('no list in view: every active unit, no counts', async () => {
    const none = await listUnits(reader(), []);
    expect(none.length).toBe((await env.db.select().from(units).where(eq(units.active, true))).length);
    expect(none.length).toBeGreaterThan(0);
    expect(none.every((u) => u.leadCount === 0 && u.participatingCount === 0)).toBe(true);
  });
});
