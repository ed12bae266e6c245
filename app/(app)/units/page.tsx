import type { Metadata } from 'next';
import Link from 'next/link';
import { planScope, planShortName } from '@/lib/plans/plan-scope';
import { requestContext } from '@/lib/request-context';
import { listUnits, UNIT_KIND_LABELS } from '@/lib/units/unit-service';

export const metadata: Metadata = { title: '责任单位' };

export default async function UnitsPage() {
  const ctx = await requestContext();
  const inView = (await planScope(ctx.db, ctx.actor)).plans;
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
      <div className="overflow-x-auto rounded-lg border bg-white">
        <table className="w-full min-w-[340px] text-sm">
          <caption className="sr-only">单位及其牵头、参与任务数</caption>
          <thead>
            <tr className="border-b text-left text-muted-foreground">
              <th scope="col" className="p-2 font-medium md:p-3">
                单位
              </th>
              <th scope="col" className="hidden p-2 font-medium md:table-cell md:p-3">
                类别
              </th>
              <th scope="col" className="p-2 text-right font-medium md:p-3">
                牵头
              </th>
              <th scope="col" className="p-2 text-right font-medium md:p-3">
                参与
              </th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id} className="border-b last:border-0" data-unit={u.name}>
                <td className="p-2 md:p-3">
                  <Link href={`/tasks?unit=${u.id}`} className="text-primary hover:underline">
                    {u.name}
                  </Link>
                  {u.aliases.length > 0 && <div className="text-xs text-muted-foreground">又称：{u.aliases.join('、')}</div>}
                </td>
                <td className="hidden p-2 text-muted-foreground md:table-cell md:p-3">{UNIT_KIND_LABELS[u.kind]}</td>
                <td className="p-2 text-right tabular-nums md:p-3" data-col="lead">
                  {u.leadCount}
                </td>
                <td className="p-2 text-right tabular-nums md:p-3" data-col="participating">
                  {u.participatingCount}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
