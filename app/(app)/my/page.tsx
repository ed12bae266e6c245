import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { dateLabel, deadlineHint, daysUntil, monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { getWorkbench, type Workbench } from '@/lib/reporting/workbench';
import { planShortName } from '@/lib/plans/plan-scope';
import { REPORT_STATE_LABELS, type ContributionState, type ReportState } from '@/lib/reporting/report-state';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { lightsOf } from '@/components/task-rows';
import { signalsForPlans } from '@/lib/warnings/task-signals';
import type { TaskSignals } from '@/lib/warnings/signal-service';
import { unacknowledgedForUnit } from '@/lib/instructions/instruction-service';
import { ClosedTasks, SignAllBar } from './sign-for';
import { HistoryTable, JoinTable, LeadTable, type DeadlineCell, type HistoryRowData, type Kind, type StateCell, type WorkRowData } from './work-tables';
import { movedDateText } from '@/lib/extensions/extension-rules';

export const metadata: Metadata = { title: '本单位任务' };

export default async function WorkbenchPage() {
  const ctx = await requestContext();
  const { actor } = ctx;
  // Supervisors, leaders and admins have no unit tasks of their own: their view is the ledger.
  if (!can(actor, 'reports.write')) redirect('/tasks');
  const t = ctx.today;
  const scope = await requestPlanScope();
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

/** 签收: how many of the unit's tasks await signature, and how many of those are past the window. */
function signCounts(lists: Workbench[]): { count: number; overdue: number } {
  const states = lists.flatMap((wb) => [...wb.leading, ...wb.joining].map((r) => r.signFor.kind));
  return { count: states.filter((k) => k === 'pending' || k === 'overdue').length, overdue: states.filter((k) => k === 'overdue').length };
}

type State = ReportState | ContributionState;
const isDone = (state: State) => state === 'submitted' || state === 'approved';

/** A per-item task in a month where it is not due (dueInPeriod): reported on by its own deadline. */
function notDueText(deadline: string | null): string {
  return `按期限报送${deadline ? `（截止 ${dateLabel(deadline)}）` : ''}`;
}

function stateCell(row: { due: boolean; state: State }, deadline: string | null): StateCell {
  return { state: row.state, notDue: !row.due && row.state === 'none' ? notDueText(deadline) : null };
}

function deadlineCell(row: { due: boolean; state: State; movedFrom?: string | null }, deadline: string | null, t: string): DeadlineCell {
  if (!deadline) return null;
  const moved = row.movedFrom ? movedDateText(deadline, row.movedFrom) : null;
  if (!row.due) return { date: dateLabel(deadline), hint: null, tone: 'muted', moved };
  const done = isDone(row.state);
  const d = daysUntil(deadline, t);
  return { date: dateLabel(deadline), hint: done ? null : `（${deadlineHint(deadline, t)}）`, tone: done ? null : d < 0 ? 'late' : d <= 3 ? 'soon' : null, moved };
}

type WorkbenchRow = Workbench['leading'][number] | Workbench['joining'][number];

function workRow(row: WorkbenchRow, signals: Map<number, TaskSignals>, action: string, deadline: string | null, t: string): WorkRowData {
  const s = signals.get(row.task.id);
  return {
    id: row.task.id,
    no: row.task.no,
    label: row.task.label,
    title: row.task.title,
    sign: row.signFor,
    signals: s ? lightsOf(s) : null,
    action,
    state: stateCell(row, deadline),
    deadline: deadlineCell(row, deadline, t),
  };
}

/** A task's row of 往期填报: its state in each past month (null: not due that month, 按事项期限). */
function historyRow(kind: Kind, row: { task: { id: number; label: string; title: string }; history: Record<string, State>; notDue: string[] }, months: string[]): HistoryRowData {
  return { id: row.task.id, kind, title: `${row.task.label}. ${row.task.title}`, states: months.map((m) => (!row.history[m] && row.notDue.includes(m) ? null : (row.history[m] ?? 'none'))) };
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
          <LeadTable
            caption={`本单位牵头的任务（${list}）`}
            rows={wb.leading.map((row) => ({
              ...workRow(row, signals, isDone(row.state) ? '查看' : row.state === 'none' ? '填报' : row.state === 'returned' ? '修改后重报' : '继续填报', row.leadDeadline, t),
              parts: { expected: row.partsExpected, received: row.partsReceived, missing: row.missingParts.length ? `未报送：${row.missingParts.join('、')}` : null },
            }))}
          />
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
          <JoinTable
            caption={`本单位参与的任务（${list}）`}
            rows={wb.joining.map((row) => ({
              ...workRow(row, signals, isDone(row.state) ? '查看' : row.state === 'returned' ? '修改后重报' : '报送协办', row.contributionDeadline, t),
              leads: row.task.leadNames.join('、'),
            }))}
          />
        )}
      </SectionCard>

      <ClosedTasks rows={wb.closed} list={list} />

      {pastMonths.length > 0 && (wb.leading.length > 0 || wb.joining.length > 0) && (
        <SectionCard aria-labelledby={`history-title-${key}`} titleId={`history-title-${key}`} titleClassName="" title="往期填报">
          <HistoryTable
            caption={`往期各月填报状态（${list}）`}
            months={pastMonths}
            monthNames={pastMonths.map((m) => shortMonthLabel(m))}
            rows={[
              ...wb.leading.map((row) => historyRow('report', row, pastMonths)),
              ...wb.joining.map((row) => historyRow('contribution', row, pastMonths)),
            ]}
          />
        </SectionCard>
      )}
    </>
  );
}
