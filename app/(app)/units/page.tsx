import type { Metadata } from 'next';
import Link from 'next/link';
import { planShortName } from '@/lib/plans/plan-scope';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { listUnits } from '@/lib/units/unit-service';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { UnitTable } from './unit-table';

export const metadata: Metadata = { title: '责任单位' };

export default async function UnitsPage() {
  const ctx = await requestContext();
  const inView = (await requestPlanScope()).plans;
  const units = await listUnits(ctx, inView);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">责任单位</h1>
        <p className="text-sm text-muted-foreground">
          共 {units.length} 个单位
          {inView.length === 1 ? `，任务数按${inView[0]!.title}统计` : inView.length > 1 ? `，任务数按 ${inView.map(planShortName).join('、')} ${inView.length} 个清单合计` : ''}
        </p>
      </div>
      <UnitTable
        caption="单位及其牵头、参与任务数"
        units={units}
        name={(u) => (
          <>
            <Link href={`/tasks?unit=${u.id}`} className="text-primary hover:underline">
              {u.name}
            </Link>
            {u.aliases.length > 0 && <div className="text-xs text-muted-foreground">又称：{u.aliases.join('、')}</div>}
            {seesAllUnits(ctx.actor) && <Link href={`/units/${u.id}/milestones`} className="block text-xs text-primary hover:underline">时间节点</Link>}
          </>
        )}
      />
    </div>
  );
}
