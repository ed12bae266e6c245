import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { SectionCard } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { dateLabel, deadlineHint, daysUntil, monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { getWorkbench, type Workbench } from '@/lib/reporting/workbench';
import { planScope, planShortName } from '@/lib/plans/plan-scope';
import { REPORT_STATE_LABELS, type ContributionState, type ReportState } from '@/lib/reporting/report-state';
import { requestContext } from '@/lib/request-context';
import { cn } from '@/lib/utils';
import { SignalLights } from '@/components/signal-lights';
import { signalsForPlans } from '@/lib/warnings/task-signals';
import type { TaskSignals } from '@/lib/warnings/signal-service';
import type { SignForState } from '@/lib/lifecycle/sign-for-rules';
import { unacknowledgedForUnit } from '@/lib/instructions/instruction-service';
import { ClosedTasks, SignAllBar, SignMark } from './sign-for';
import { movedDateText } from '@/lib/extensions/extension-rules';

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
      <PageHeader
        title="本单位任务"
        description={`${actor.unitName ?? ''} · ${lists.length === 0 ? '暂无任务' : lists.map((wb) => `${planShortName(wb.plan)} ${wb.leading.length + wb.joining.length} 项`).join('，')}`}
        actions={!severalLists && lists[0]?.period && <PeriodSummary period={lists[0].period} perItem={lists[0].plan.cadence === 'per_item'} />}
      />
      {lists.length > 0 && (
        <Link href="/my/month" className="self-start rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:bg-primary/90">
          在一页填报本月全部任务 →
        </Link>
      )}
      {lists.length === 0 && <p className="rounded-lg border bg-white p-6 text-center">本单位在当前任务清单中没有牵头或参与的任务。</p>}
      <SignAllBar {...signCounts(lists)} />

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

type RowTask = { id: number; no: number; label: string; title: string };
type Kind = 'report' | 'contribution';
/** A report's or a part's state (the same words apply to both). */
type State = ReportState | ContributionState;

/** The table of a list's lead or part tasks: number, task, `columns`, lights and the action; rows stack on phones. */
function WorkTable({ caption, columns, children }: { caption: string; columns: string[]; children: React.ReactNode }) {
  return (
    <Table variant="plain" minWidth={0} caption={caption}>
      <TableHeader className="max-md:sr-only">
        <TableRow>
          <TableHead className="w-12">序号</TableHead>
          <TableHead>任务</TableHead>
          {columns.map((c) => (
            <TableHead key={c}>{c}</TableHead>
          ))}
          <TableHead>预警</TableHead>
          <TableHead>
            <span className="sr-only">操作</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}

/** A row of a WorkTable: `children` are the cells between the task and its lights. */
function WorkRow({ task, signals, action, sign, children }: { task: RowTask; signals: TaskSignals | undefined; action: string; sign?: SignForState; children: React.ReactNode }) {
  return (
    <TableRow data-task-no={task.no} className="max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1 max-md:py-2">
      <TableCell className="font-mono tabular-nums max-md:py-0" title={task.label}>
        {task.no}
      </TableCell>
      <TableCell className="pr-2 max-md:w-[80%] max-md:py-0">
        <Link href={`/tasks/${task.id}`} className="font-medium hover:underline">
          {task.title}
        </Link>
        {sign && <SignMark taskId={task.id} state={sign} />}
      </TableCell>
      {children}
      <TableCell className="max-md:py-0">{signals && <SignalLights signals={signals} compact />}</TableCell>
      <TableCell className="text-right max-md:py-0">
        <Link href={`/my/tasks/${task.id}`} className="inline-block whitespace-nowrap rounded-md border border-primary px-2 py-1 text-primary hover:bg-primary/5">
          {action}
        </Link>
      </TableCell>
    </TableRow>
  );
}

/** This month's state of a report or part, or when it is due if not this month. */
function StateCell({ kind, row, deadline }: { kind: Kind; row: { due: boolean; state: State }; deadline: string | null }) {
  return (
    <TableCell className="max-md:py-0">
      {!row.due && row.state === 'none' ? <NotDueText deadline={deadline} /> : <StatusBadge state={row.state} kind={kind} />}
    </TableCell>
  );
}

function DeadlineCell({ row, deadline, today: t }: { row: { due: boolean; state: State; movedFrom?: string | null }; deadline: string | null; today: string }) {
  return (
    <TableCell className="max-md:py-0">
      {deadline &&
        (row.due ? (
          <DeadlineText deadline={deadline} today={t} done={isDone(row.state)} />
        ) : (
          <span className="text-muted-foreground">{dateLabel(deadline)}</span>
        ))}
      {deadline && row.movedFrom && (
        <span className="block text-xs text-muted-foreground" data-testid="moved-deadline">
          {movedDateText(deadline, row.movedFrom)}
        </span>
      )}
    </TableCell>
  );
}

/** 签收: how many of the unit's tasks await signature, and how many of those are past the window. */
function signCounts(lists: Workbench[]): { count: number; overdue: number } {
  const states = lists.flatMap((wb) => [...wb.leading, ...wb.joining].map((r) => r.signFor.kind));
  return { count: states.filter((k) => k === 'pending' || k === 'overdue').length, overdue: states.filter((k) => k === 'overdue').length };
}

const isDone = (state: State) => state === 'submitted' || state === 'approved';

/** A task's row of 往期填报: its state in each past month, each a link to that month. */
function HistoryRow({ kind, row, months }: { kind: Kind; row: { task: RowTask; history: Record<string, State>; notDue: string[] }; months: string[] }) {
  return (
    <TableRow>
      <th scope="row" className="pl-3 pr-2 text-left font-normal">
        {row.task.label}. {row.task.title}
        {kind === 'contribution' && (
          <>
            {' '}
            <span className="text-xs text-muted-foreground">（参与）</span>
          </>
        )}
      </th>
      {months.map((m) => (
        <TableCell key={m}>
          <Link href={`/my/tasks/${row.task.id}?period=${m}`} aria-label={`${monthLabel(m)}${kind === 'report' ? '月度进展' : '协办情况'}`}>
            {!row.history[m] && row.notDue.includes(m) ? <NotDueMark /> : <StatusBadge state={row.history[m] ?? 'none'} kind={kind} />}
          </Link>
        </TableCell>
      ))}
    </TableRow>
  );
}

/** One list's part of the workbench: its lead tasks, its parts, and the months before. */
function PlanWorkbench({ wb, signals, today: t }: { wb: Workbench; signals: Map<number, TaskSignals>; today: string }) {
  const period = wb.period;
  const pastMonths = wb.periods.map((p) => p.month).filter((m) => m !== period?.month);
  const key = wb.plan.id;
  const list = planShortName(wb.plan);
  return (
    <>
      <SectionCard
        aria-labelledby={`leading-title-${key}`}
        titleId={`leading-title-${key}`}
        titleClassName=""
        title={
          <>
            牵头任务 <span className="text-sm font-normal text-muted-foreground">{wb.leading.length} 项 · 每月汇总参与单位情况后报送月度进展</span>
          </>
        }
      >
        {wb.leading.length === 0 ? (
          <p className="text-muted-foreground">本单位在该清单中没有牵头任务。</p>
        ) : (
          <WorkTable caption={`本单位牵头的任务（${list}）`} columns={['本月状态', '截止', '协办反馈']}>
            {wb.leading.map((row) => (
              <WorkRow
                key={row.task.id}
                task={row.task}
                signals={signals.get(row.task.id)}
                sign={row.signFor}
                action={isDone(row.state) ? '查看' : row.state === 'none' ? '填报' : row.state === 'returned' ? '修改后重报' : '继续填报'}
              >
                <StateCell kind="report" row={row} deadline={row.leadDeadline} />
                <DeadlineCell row={row} deadline={row.leadDeadline} today={t} />
                <TableCell className="max-md:py-0" title={row.missingParts.length ? `未报送：${row.missingParts.join('、')}` : undefined}>
                  {row.partsExpected === 0 ? (
                    <span className="text-muted-foreground">无参与单位</span>
                  ) : (
                    <span className={cn(row.partsReceived < row.partsExpected && 'text-amber-700')}>
                      已收 {row.partsReceived}/{row.partsExpected}
                    </span>
                  )}
                </TableCell>
              </WorkRow>
            ))}
          </WorkTable>
        )}
      </SectionCard>

      <SectionCard
        aria-labelledby={`joining-title-${key}`}
        titleId={`joining-title-${key}`}
        titleClassName=""
        title={
          <>
            参与任务 <span className="text-sm font-normal text-muted-foreground">{wb.joining.length} 项 · 每月向牵头单位报送协办情况</span>
          </>
        }
      >
        {wb.joining.length === 0 ? (
          <p className="text-muted-foreground">本单位在该清单中没有参与的任务。</p>
        ) : (
          <WorkTable caption={`本单位参与的任务（${list}）`} columns={['牵头单位', '本月协办', '截止']}>
            {wb.joining.map((row) => (
              <WorkRow key={row.task.id} task={row.task} signals={signals.get(row.task.id)} sign={row.signFor} action={isDone(row.state) ? '查看' : row.state === 'returned' ? '修改后重报' : '报送协办'}>
                <TableCell className="text-muted-foreground max-md:w-full max-md:py-0">{row.task.leadNames.join('、')}</TableCell>
                <StateCell kind="contribution" row={row} deadline={row.contributionDeadline} />
                <DeadlineCell row={row} deadline={row.contributionDeadline} today={t} />
              </WorkRow>
            ))}
          </WorkTable>
        )}
      </SectionCard>

      <ClosedTasks rows={wb.closed} list={list} />

      {pastMonths.length > 0 && (wb.leading.length > 0 || wb.joining.length > 0) && (
        <SectionCard aria-labelledby={`history-title-${key}`} titleId={`history-title-${key}`} titleClassName="" title="往期填报">
          <Table variant="plain" dense minWidth={320} caption={`往期各月填报状态（${list}）`}>
            <TableHeader>
              <TableRow>
                <TableHead>任务</TableHead>
                {pastMonths.map((m) => (
                  <TableHead key={m}>{shortMonthLabel(m)}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {wb.leading.map((row) => (
                <HistoryRow key={`l${row.task.id}`} kind="report" row={row} months={pastMonths} />
              ))}
              {wb.joining.map((row) => (
                <HistoryRow key={`j${row.task.id}`} kind="contribution" row={row} months={pastMonths} />
              ))}
            </TableBody>
          </Table>
        </SectionCard>
      )}
    </>
  );
}
