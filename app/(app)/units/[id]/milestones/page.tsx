import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Breadcrumb } from '@/components/breadcrumb';
import { PageHeader } from '@/components/page-header';
import { UnitMilestoneTimeline } from '@/components/unit-milestone-timeline';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { NotFoundError } from '@/lib/errors';
import { unitMilestones } from '@/lib/milestones/milestone-service';
import { requestContext } from '@/lib/request-context';

export const metadata: Metadata = { title: '单位时间节点' };

type Props = { params: Promise<{ id: string }> };

/** A unit's 时间节点 for the oversight roles; unit staff have their own at /my/milestones. */
export default async function UnitMilestonesPage({ params }: Props) {
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const ctx = await requestContext();
  if (!seesAllUnits(ctx.actor)) redirect('/my/milestones');
  let data: Awaited<ReturnType<typeof unitMilestones>>;
  try {
    data = await unitMilestones(ctx, Number(raw));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: '/units', label: '责任单位' }, { label: data.unit.name }]} />
      <PageHeader title={`${data.unit.name} · 时间节点`} description="该单位牵头或参与任务的时间节点，按日期排列" />
      <UnitMilestoneTimeline items={data.items} />
    </div>
  );
}
