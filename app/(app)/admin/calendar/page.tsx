import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { planShortName } from '@/lib/plans/plan-scope';
import { CADENCE_LABELS, DEFAULT_CONTRIBUTION_DAY, DEFAULT_LEAD_DAY, monthLabel } from '@/lib/reporting/calendar';
import { listPeriods } from '@/lib/reporting/period-service';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { cn } from '@/lib/utils';
import { CadenceForm, DeadlineRowForm, RangeForm } from './calendar-forms';

export const metadata: Metadata = { title: '调度日历' };

/**
 * 调度日历 of one list at a time (every active list can be chosen): its cadence, its months and
 * each month's two deadlines. Months and deadlines: 'calendar.manage'; cadence: 'plans.manage'.
 */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ plan?: string }> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const editsCalendar = can(actor, 'calendar.manage');
  const editsCadence = can(actor, 'plans.manage');
  if (!editsCalendar && !editsCadence) redirect('/');
  const scope = await requestPlanScope();
  const lists = scope.active;
  if (lists.length === 0) return <p>尚未导入任务清单。</p>;
  const wanted = Number((await searchParams).plan);
  const plan = lists.find((p) => p.id === wanted) ?? scope.chosen ?? lists[0]!;
  const periods = await listPeriods(ctx.db, plan.id);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">调度日历</h1>
        <p className="text-sm text-muted-foreground">
          每个任务清单有自己的调度周期和截止日期。默认参与单位 {DEFAULT_CONTRIBUTION_DAY} 日前报送协办情况，牵头单位 {DEFAULT_LEAD_DAY} 日前报送进展；节假日前后可逐月调整。
        </p>
      </div>
      {lists.length > 1 && (
        <nav aria-label="选择任务清单" className="flex flex-wrap gap-1">
          {lists.map((p) => (
            <Link
              key={p.id}
              href={`/admin/calendar?plan=${p.id}`}
              title={p.title}
              aria-current={p.id === plan.id ? 'page' : undefined}
              className={cn('rounded-md border px-3 py-1 text-sm', p.id === plan.id ? 'border-primary bg-primary text-primary-foreground' : 'bg-white hover:bg-muted')}
            >
              {planShortName(p)}
            </Link>
          ))}
        </nav>
      )}
      <p className="text-sm" data-testid="calendar-plan">
        <span className="font-medium">{plan.title}</span>
        <span className="text-muted-foreground">
          {' '}
          · {CADENCE_LABELS[plan.cadence]} · {periods.length} 个调度月份
        </span>
      </p>
      {editsCadence && (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">调度周期</CardTitle>
          </CardHeader>
          <CardContent>
            <CadenceForm key={`${plan.id}:${plan.cadence}`} values={{ planId: plan.id, cadence: plan.cadence }} />
            <p className="mt-2 text-xs text-muted-foreground">改为按季度时，删除 3、6、9、12 月以外尚无填报的月份；改为按月时，补齐其间的月份。已有填报的月份保留。按事项期限：调度月份同按月，有完成时限的任务只在时限所在月份报送一次（牵头单位截止日为完成时限），没有完成时限的任务每月报送；按月与按事项期限互改时调度月份不变。</p>
          </CardContent>
        </Card>
      )}
      {editsCalendar && (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">调度月份</CardTitle>
          </CardHeader>
          <CardContent>
            <RangeForm
              key={plan.id}
              quarterly={plan.cadence === 'quarterly'}
              values={{ planId: plan.id, from: periods[0]?.month ?? `${plan.year}-01`, to: periods.at(-1)?.month ?? `${plan.year}-12` }}
            />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle className="text-base">各月截止日期</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {periods.length === 0 && <p className="text-sm text-muted-foreground">该清单还没有调度月份。</p>}
          {periods.map((p) =>
            editsCalendar ? (
              <DeadlineRowForm
                key={p.id}
                monthText={monthLabel(p.month)}
                values={{ periodId: p.id, contributionDeadline: p.contributionDeadline, leadDeadline: p.leadDeadline }}
              />
            ) : (
              <p key={p.id} className="text-sm">
                <span className="font-medium">{monthLabel(p.month)}</span>：参与单位截止 {p.contributionDeadline}，牵头单位截止 {p.leadDeadline}
              </p>
            ),
          )}
        </CardContent>
      </Card>
    </div>
  );
}
