import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { StatusBadge } from '@/components/status-badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { dateLabel, deadlineHint, daysUntil, monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { getWorkbench, type Workbench } from '@/lib/reporting/workbench';
import { planScope, planShortName } from '@/lib/plans/plan-scope';
import { REPORT_STATE_LABELS, type ReportState } from '@/lib/reporting/report-state';
import { requestContext } from '@/lib/request-context';
import { cn } from '@/lib/utils';
import { SignalLights } from '@/components/signal-lights';
import { signalsForPlans } from '@/lib/warnings/task-signals';
import type { TaskSignals } from '@/lib/warnings/signal-service';
import { unacknowledgedForUnit } from '@/lib/instructions/instruction-service';

export const metadata: Metadata = { title: '本单位任务' };

/** A per-item task in a month where it is not due (dueInPeriod): reported on by its own deadline. */
function NotDueText({ deadline }: { deadline: string | null }) {
  return <span className="whitespace-nowrap text-muted-foreground">按期限报送{deadline && `（截止 ${dateLabel(deadline)}）`}</span>;
}

/** A past month in which the task was not due (按事项期限). */
function NotDueMark() {
  return (
    <span className="text-muted-foreground" title="该月不需报送（按事项期限）">
      —
    </span>
  );
}

function DeadlineText({ deadline, today: t, done }: { deadline: string; today: string; done: boolean }) {
  const d = daysUntil(deadline, t);
  return (
    <span className={cn('whitespace-nowrap', !done && d < 0 && 'font-medium text-destructive', !done && d >= 0 && d <= 3 && 'font-medium text-amber-700')}>
      {dateLabel(deadline)}
      {!done && <span className="ml-1">（{deadlineHint(deadline, t)}）</span>}
    </span>
  );
}

export default async function WorkbenchPage() {
  const ctx = await requestContext();
  const { actor } = ctx;
  // Supervisors, leaders and admins have no unit tasks of their own: their view is the ledger.
  if (!can(actor, 'reports.write')) redirect('/tasks');
  const t = ctx.today;
  const scope = await planScope(ctx.db, actor);
  const lists = await getWorkbench(ctx, scope.plans);
  const signals = await signalsForPlans(
    ctx,
    lists.map((w) => w.plan),
    {
      taskIds: lists.flatMap((wb) => [...wb.leading, ...wb.joining].map((r) => r.task.id)),
      ownUnitOnly: true,
    },
  );
  const pendingInstructions = await unacknowledgedForUnit(ctx);
  // This month's lead tasks: a per-item task not due this month counts only if the unit has written on it.
  const leading = lists.flatMap((wb) => wb.leading).filter((row) => row.due || row.state !== 'none');
  const counts = leading.reduce<Record<ReportState, number>>(
    (acc, row) => ({ ...acc, [row.state]: acc[row.state] + 1 }),
    { none: 0, draft: 0, submitted: 0, approved: 0, returned: 0 },
  );
  const severalLists = lists.length > 1;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold md:text-2xl">本单位任务</h1>
          <p className="text-sm text-muted-foreground">
            {actor.unitName} · {lists.length === 0 ? '暂无任务' : lists.map((wb) => `${planShortName(wb.plan)} ${wb.leading.length + wb.joining.length} 项`).join('，')}
          </p>
        </div>
        {!severalLists && lists[0]?.period && <PeriodSummary period={lists[0].period} perItem={lists[0].plan.cadence === 'per_item'} />}
      </div>
      {lists.length === 0 && <p className="rounded-lg border bg-white p-6 text-center">本单位在当前任务清单中没有牵头或参与的任务。</p>}

      {pendingInstructions.length > 0 && (
        <section aria-labelledby="pending-instructions" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <h2 id="pending-instructions" className="font-semibold">
            待签收的领导批示（{pendingInstructions.length}）
          </h2>
          <ul className="mt-1 flex flex-col gap-1">
            {pendingInstructions.map((i) => (
              <li key={i.receiptId}>
                <Link href={`/tasks/${i.taskId}#instructions`} className="text-primary hover:underline">
                  {i.taskLabel}「{i.taskTitle}」
                </Link>
                ：{i.content.length > 40 ? `${i.content.slice(0, 40)}…` : i.content}
              </li>
            ))}
          </ul>
        </section>
      )}

      {leading.length > 0 && (
        <ul className="grid grid-cols-5 gap-1 text-xs sm:gap-2 sm:text-sm" aria-label="本月牵头任务填报情况">
          {(Object.keys(counts) as ReportState[]).map((s) => (
            <li key={s} className="rounded-md border bg-white px-2 py-1.5 text-center sm:px-3 sm:py-2 sm:text-left">
              <div className="text-muted-foreground">{REPORT_STATE_LABELS[s]}</div>
              <div className="text-base font-semibold tabular-nums sm:text-lg">{counts[s]}</div>
            </li>
          ))}
        </ul>
      )}

      {lists.map((wb) =>
        severalLists ? (
          <section key={wb.plan.id} aria-labelledby={`list-${wb.plan.id}`} className="flex flex-col gap-3" data-plan-id={wb.plan.id}>
            <div className="flex flex-wrap items-end justify-between gap-2 border-b pb-1">
              <h2 id={`list-${wb.plan.id}`} className="text-lg font-semibold">
                {planShortName(wb.plan)}
                <span className="ml-2 text-sm font-normal text-muted-foreground">{wb.plan.title}</span>
              </h2>
              {wb.period && <PeriodSummary period={wb.period} perItem={wb.plan.cadence === 'per_item'} />}
            </div>
            <PlanWorkbench wb={wb} signals={signals} today={t} />
          </section>
        ) : (
          <PlanWorkbench key={wb.plan.id} wb={wb} signals={signals} today={t} />
        ),
      )}
    </div>
  );
}

function PeriodSummary({ period, perItem }: { period: NonNullable<Workbench['period']>; perItem: boolean }) {
  return (
    <p className="text-sm" data-testid="period-summary">
      <span className="font-semibold">{monthLabel(period.month)}调度</span>
      <span className="ml-2 text-muted-foreground">
        {perItem ? '按事项期限报送：每项任务在其完成时限报送一次' : `参与单位截止 ${dateLabel(period.contributionDeadline)}，牵头单位截止 ${dateLabel(period.leadDeadline)}`}
      </span>
    </p>
  );
}

/** One list's part of the workbench: its lead tasks, its parts, and the months before. */
function PlanWorkbench({ wb, signals, today: t }: { wb: Workbench; signals: Map<number, TaskSignals>; today: string }) {
  const period = wb.period;
  const pastMonths = wb.periods.map((p) => p.month).filter((m) => m !== period?.month);
  const key = wb.plan.id;
  return (
    <>
      <Card aria-labelledby={`leading-title-${key}`}>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle id={`leading-title-${key}`}>
            牵头任务 <span className="text-sm font-normal text-muted-foreground">{wb.leading.length} 项 · 每月汇总参与单位情况后报送月度进展</span>
          </CardTitle>
        </CardHeader>
        <CardContent>
          {wb.leading.length === 0 ? (
            <p className="text-muted-foreground">本单位在该清单中没有牵头任务。</p>
          ) : (
            <table className="w-full text-sm">
              <caption className="sr-only">本单位牵头的任务（{planShortName(wb.plan)}）</caption>
              <thead className="max-md:sr-only">
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="w-12 py-2 font-medium">序号</th>
                  <th scope="col" className="py-2 font-medium">任务</th>
                  <th scope="col" className="py-2 font-medium">本月状态</th>
                  <th scope="col" className="py-2 font-medium">截止</th>
                  <th scope="col" className="py-2 font-medium">协办反馈</th>
                  <th scope="col" className="py-2 font-medium">预警</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">操作</span></th>
                </tr>
              </thead>
              <tbody>
                {wb.leading.map((row) => {
                  const done = row.state === 'submitted' || row.state === 'approved';
                  return (
                    <tr key={row.task.id} data-task-no={row.task.no} className="border-b align-top last:border-0 max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1 max-md:py-2">
                      <td className="py-2 font-mono tabular-nums max-md:py-0" title={row.task.label}>{row.task.no}</td>
                      <td className="py-2 pr-2 max-md:w-[80%] max-md:py-0">
                        <Link href={`/tasks/${row.task.id}`} className="font-medium hover:underline">
                          {row.task.title}
                        </Link>
                      </td>
                      <td className="py-2 max-md:py-0">
                        {!row.due && row.state === 'none' ? <NotDueText deadline={row.leadDeadline} /> : <StatusBadge state={row.state} />}
                      </td>
                      <td className="py-2 max-md:py-0">
                        {row.leadDeadline && (row.due ? <DeadlineText deadline={row.leadDeadline} today={t} done={done} /> : <span className="text-muted-foreground">{dateLabel(row.leadDeadline)}</span>)}
                      </td>
                      <td className="py-2 max-md:py-0" title={row.missingParts.length ? `未报送：${row.missingParts.join('、')}` : undefined}>
                        {row.partsExpected === 0 ? (
                          <span className="text-muted-foreground">无参与单位</span>
                        ) : (
                          <span className={cn(row.partsReceived < row.partsExpected && 'text-amber-700')}>
                            已收 {row.partsReceived}/{row.partsExpected}
                          </span>
                        )}
                      </td>
                      <td className="py-2 max-md:py-0">{signals.get(row.task.id) && <SignalLights signals={signals.get(row.task.id)!} compact />}</td>
                      <td className="py-2 text-right max-md:py-0">
                        <Link href={`/my/tasks/${row.task.id}`} className="inline-block whitespace-nowrap rounded-md border border-primary px-2 py-1 text-primary hover:bg-primary/5">
                          {done ? '查看' : row.state === 'none' ? '填报' : row.state === 'returned' ? '修改后重报' : '继续填报'}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby={`joining-title-${key}`}>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle id={`joining-title-${key}`}>
            参与任务 <span className="text-sm font-normal text-muted-foreground">{wb.joining.length} 项 · 每月向牵头单位报送协办情况</span>
          </CardTitle>
        </CardHeader>
        <CardContent>
          {wb.joining.length === 0 ? (
            <p className="text-muted-foreground">本单位在该清单中没有参与的任务。</p>
          ) : (
            <table className="w-full text-sm">
              <caption className="sr-only">本单位参与的任务（{planShortName(wb.plan)}）</caption>
              <thead className="max-md:sr-only">
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="w-12 py-2 font-medium">序号</th>
                  <th scope="col" className="py-2 font-medium">任务</th>
                  <th scope="col" className="py-2 font-medium">牵头单位</th>
                  <th scope="col" className="py-2 font-medium">本月协办</th>
                  <th scope="col" className="py-2 font-medium">截止</th>
                  <th scope="col" className="py-2 font-medium">预警</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">操作</span></th>
                </tr>
              </thead>
              <tbody>
                {wb.joining.map((row) => (
                  <tr key={row.task.id} data-task-no={row.task.no} className="border-b align-top last:border-0 max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1 max-md:py-2">
                    <td className="py-2 font-mono tabular-nums max-md:py-0" title={row.task.label}>{row.task.no}</td>
                    <td className="py-2 pr-2 max-md:w-[80%] max-md:py-0">
                      <Link href={`/tasks/${row.task.id}`} className="font-medium hover:underline">
                        {row.task.title}
                      </Link>
                    </td>
                    <td className="py-2 text-muted-foreground max-md:w-full max-md:py-0">{row.task.leadNames.join('、')}</td>
                    <td className="py-2 max-md:py-0">
                      {!row.due && row.state === 'none' ? <NotDueText deadline={row.contributionDeadline} /> : <StatusBadge state={row.state} kind="contribution" />}
                    </td>
                    <td className="py-2 max-md:py-0">
                      {row.contributionDeadline &&
                        (row.due ? (
                          <DeadlineText deadline={row.contributionDeadline} today={t} done={row.state === 'submitted' || row.state === 'approved'} />
                        ) : (
                          <span className="text-muted-foreground">{dateLabel(row.contributionDeadline)}</span>
                        ))}
                    </td>
                    <td className="py-2 max-md:py-0">{signals.get(row.task.id) && <SignalLights signals={signals.get(row.task.id)!} compact />}</td>
                    <td className="py-2 text-right max-md:py-0">
                      <Link href={`/my/tasks/${row.task.id}`} className="inline-block whitespace-nowrap rounded-md border border-primary px-2 py-1 text-primary hover:bg-primary/5">
                        {row.state === 'submitted' || row.state === 'approved' ? '查看' : row.state === 'returned' ? '修改后重报' : '报送协办'}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>

      {pastMonths.length > 0 && (wb.leading.length > 0 || wb.joining.length > 0) && (
        <Card aria-labelledby={`history-title-${key}`}>
          <CardHeader className="pb-2 md:pb-2">
            <CardTitle id={`history-title-${key}`}>往期填报</CardTitle>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <table className="w-full min-w-[320px] text-sm">
              <caption className="sr-only">往期各月填报状态（{planShortName(wb.plan)}）</caption>
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="py-2 font-medium">任务</th>
                  {pastMonths.map((m) => (
                    <th key={m} scope="col" className="py-2 font-medium">
                      {shortMonthLabel(m)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {wb.leading.map((row) => (
                  <tr key={`l${row.task.id}`} className="border-b last:border-0">
                    <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                      {row.task.label}. {row.task.title}
                    </th>
                    {pastMonths.map((m) => (
                      <td key={m} className="py-1.5">
                        <Link href={`/my/tasks/${row.task.id}?period=${m}`} aria-label={`${monthLabel(m)}月度进展`}>
                          {!row.history[m] && row.notDue.includes(m) ? <NotDueMark /> : <StatusBadge state={row.history[m] ?? 'none'} />}
                        </Link>
                      </td>
                    ))}
                  </tr>
                ))}
                {wb.joining.map((row) => (
                  <tr key={`j${row.task.id}`} className="border-b last:border-0">
                    <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                      {row.task.label}. {row.task.title} <span className="text-xs text-muted-foreground">（参与）</span>
                    </th>
                    {pastMonths.map((m) => (
                      <td key={m} className="py-1.5">
                        <Link href={`/my/tasks/${row.task.id}?period=${m}`} aria-label={`${monthLabel(m)}协办情况`}>
                          {!row.history[m] && row.notDue.includes(m) ? <NotDueMark /> : <StatusBadge state={row.history[m] ?? 'none'} kind="contribution" />}
                        </Link>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
    </>
  );
}
