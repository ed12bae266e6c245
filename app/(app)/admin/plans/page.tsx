import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { listPlans } from '@/lib/admin/plan-admin-service';
import { can } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { AdminBreadcrumb } from '../units/admin-breadcrumb';

export const metadata: Metadata = { title: '年度任务导入' };

export default async function AdminPlansPage() {
  const actor = await requireActor();
  if (!can(actor, 'plans.import')) redirect('/tasks');
  const plans = listPlans(getDb(), actor);
  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ label: '年度任务导入' }]} />
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold md:text-2xl">年度任务清单</h1>
          <p className="text-sm text-muted-foreground">年度最新的清单为当前清单，工作台账、填报、审核和考核都以它为准。</p>
        </div>
        <Button asChild>
          <Link href="/admin/plans/import">导入新通知</Link>
        </Button>
      </div>
      <div className="overflow-x-auto rounded-lg border bg-white">
        <table className="w-full text-sm" aria-label="已导入的年度任务清单">
          <thead>
            <tr className="border-b text-left text-muted-foreground">
              <th scope="col" className="p-2 font-medium md:p-3">
                清单
              </th>
              <th scope="col" className="p-2 text-right font-medium md:p-3">
                年度
              </th>
              <th scope="col" className="p-2 text-right font-medium md:p-3">
                任务
              </th>
              <th scope="col" className="hidden p-2 font-medium sm:table-cell md:p-3">
                导入时间
              </th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.id} className="border-b last:border-0" data-plan={p.code}>
                <td className="p-2 md:p-3">
                  <div className="font-medium">
                    {p.title}
                    {p.current && (
                      <Badge className="ml-2" variant="default">
                        当前
                      </Badge>
                    )}
                  </div>
                  <div className="text-xs text-muted-foreground">{p.code}</div>
                  <div className="text-xs text-muted-foreground sm:hidden">导入于 {formatDateTime(p.importedAt)}</div>
                </td>
                <td className="p-2 text-right tabular-nums md:p-3">{p.year}</td>
                <td className="p-2 text-right tabular-nums md:p-3" data-col="tasks">
                  {p.taskCount}
                </td>
                <td className="hidden p-2 text-muted-foreground sm:table-cell md:p-3">{formatDateTime(p.importedAt)}</td>
              </tr>
            ))}
            {plans.length === 0 && (
              <tr>
                <td colSpan={4} className="p-4 text-center text-muted-foreground">
                  尚未导入年度任务清单
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
