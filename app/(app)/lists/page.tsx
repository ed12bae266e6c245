import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { listPlans } from '@/lib/admin/plan-admin-service';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import { PLAN_KIND_LABELS } from '@/lib/plan-import/parsed-plan';
import { requestContext } from '@/lib/request-context';
import { PlanRowActions } from './plan-row-actions';

export const metadata: Metadata = { title: '任务清单' };

const STATUS = { active: { label: '进行中', variant: 'default' }, draft: { label: '分解中', variant: 'secondary' }, archived: { label: '已归档', variant: 'outline' } } as const;

/** 任务清单: every list the office runs, with its kind and status; import, decompose, register, archive. */
export default async function ListsPage() {
  const ctx = await requestContext();
  const { actor } = ctx;
  if (!can(actor, 'plans.manage')) redirect('/tasks');
  const plans = await listPlans(ctx);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold md:text-2xl">任务清单</h1>
          <p className="text-sm text-muted-foreground">进行中的清单同时调度：工作台账、填报、审核、预警、督办和考核都覆盖全部进行中的清单。归档的清单只读，记录和得分保留。</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {can(actor, 'items.register') && (
            <Button asChild variant="outline">
              <Link href="/lists/register">督查立项</Link>
            </Button>
          )}
          {can(actor, 'plans.import') && (
            <Button asChild>
              <Link href="/admin/plans/import">导入新清单</Link>
            </Button>
          )}
        </div>
      </div>
      <ul className="flex flex-col gap-3" aria-label="任务清单">
        {plans.map((p) => (
          <li key={p.id} className="rounded-lg border bg-white p-3 md:p-4" data-plan={p.code} data-plan-id={p.id}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="font-medium">
                  <span className="mr-2 rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">{p.shortName || PLAN_KIND_LABELS[p.kind]}</span>
                  {p.title}
                  <Badge className="ml-2" variant={STATUS[p.status].variant} data-testid="plan-status">
                    {STATUS[p.status].label}
                  </Badge>
                </p>
                <p className="text-xs text-muted-foreground">
                  {PLAN_KIND_LABELS[p.kind]} · {p.code} · {p.year} 年 · <span data-col="tasks">{p.taskCount}</span> 项任务 · {p.cadence === 'quarterly' ? '按季度调度' : p.cadence === 'per_item' ? '按事项期限调度' : '按月调度'} · 导入于 {formatDateTime(p.importedAt)}
                </p>
              </div>
              {p.status === 'draft' && (
                <Button asChild size="sm">
                  <Link href={`/lists/${p.id}/decompose`}>分解</Link>
                </Button>
              )}
            </div>
            <PlanRowActions plan={{ id: p.id, shortName: p.shortName, kind: p.kind, status: p.status }} />
          </li>
        ))}
        {plans.length === 0 && <li className="rounded-lg border bg-white p-4 text-center text-muted-foreground">尚无任务清单：请导入通知或立项</li>}
      </ul>
    </div>
  );
}
