import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { UnitMilestoneTimeline } from '@/components/unit-milestone-timeline';
import { isUnitActor } from '@/lib/auth/unit-scope';
import { unitMilestones } from '@/lib/milestones/milestone-service';
import { requestContext } from '@/lib/request-context';

export const metadata: Metadata = { title: '本单位时间节点' };

/** 本单位时间节点: the unit's milestones across its tasks (led or joined), by date. */
export default async function MyMilestonesPage() {
  const ctx = await requestContext();
  // The oversight roles look at a unit's timeline from the unit list.
  if (!isUnitActor(ctx.actor)) redirect('/units');
  const { unit, items } = await unitMilestones(ctx);
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="本单位时间节点" description={`${unit.name}牵头或参与任务的时间节点，按日期排列`} />
      <UnitMilestoneTimeline items={items} />
    </div>
  );
}
