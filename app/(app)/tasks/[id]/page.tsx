import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Fragment } from 'react';
import { Badge } from '@/components/ui/badge';
import { Breadcrumb } from '@/components/breadcrumb';
import { SectionCard } from '@/components/ui/card';
import { PLAN_KIND_LABELS } from '@/lib/plan-import/parsed-plan';
import { SignalLights } from '@/components/signal-lights';
import { can } from '@/lib/auth/permissions';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { formatDateTime } from '@/lib/format';
import { requestContext } from '@/lib/request-context';
import { LazyFlagPanel } from './lazy-flag-panel';
import { InstructionThread } from './instruction-thread';
import { ClosurePanel, unitSignOf } from './lifecycle-panel';
import { TaskUnitsCard, type UnitSign, type UnitSignRow } from './task-units';
import { MilestoneSection } from './milestone-section';
import { TaskDeadlineExtension } from './task-deadline-extension';
import { TaskTimeline } from './task-timeline';
import { SignalReasons } from './signal-reasons';
import { TaskIndicators, type IndicatorView } from './task-indicators';
import { loadTaskPage } from '@/lib/ledger/task-page';
import { movedDateText } from '@/lib/extensions/extension-rules';
import { TaskProblems } from '@/app/(app)/problems/task-problems';
import { binaryFigureText } from '@/lib/indicators/indicator-kind-labels';
import type { IndicatorProgress } from '@/lib/indicators/indicator-service';

type Props = { params: Promise<{ id: string }> };

/** One line of 办理记录: who did what, with the file, comment or reason it carried. */
function timelineText(e: { actorName: string | null; label: string; detail: Record<string, unknown> | null }): string {
  const d = e.detail;
  return `${e.actorName ?? '系统'} ${e.label}${typeof d?.fileName === 'string' ? `「${d.fileName}」` : ''}${typeof d?.comment === 'string' ? `：${d.comment}` : ''}${typeof d?.reason === 'string' ? `：${d.reason}` : ''}`;
}

/**
 * The task's indicators in the words the page shows them, their monthly figures as bare numbers
 * against one list of months (every indicator of a task follows its list's calendar).
 */
function indicatorViews(progress: IndicatorProgress[]): { months: string[]; items: IndicatorView[] } {
  const months = progress.find((ind) => ind.series)?.series?.map((s) => s.month) ?? [];
  const items = progress.map((ind): IndicatorView => {
    const ownMonths = ind.series?.map((s) => s.month);
    const sameMonths = ownMonths !== undefined && ownMonths.length === months.length && ownMonths.every((m, i) => m === months[i]);
    return {
      id: ind.id,
      name: ind.name,
      goal: `目标 ${ind.comparator === 'at_most' ? '≤' : '≥'} ${ind.target}${ind.targetMax !== null ? `–${ind.targetMax}` : ''} ${ind.unit}`,
      latest:
        ind.latest === null
          ? null
          : [ind.kind === 'cumulative' ? '累计完成' : '最新数值', ind.kind === 'binary' ? binaryFigureText(ind.latest) : String(ind.latest), ind.kind === 'binary' ? '' : ind.unit],
      completion: ind.completion === null ? null : Math.round(ind.completion * 100),
      standing: ind.standing?.offTarget ? ind.standing.reason : null,
      sourcePhrase: ind.sourcePhrase,
      chart: ind.series
        ? {
            values: ind.series.some((s) => s.actual !== null) ? ind.series.map((s) => s.actual) : null,
            ...(sameMonths ? {} : { months: ownMonths }),
            target: ind.target,
            unit: ind.unit,
            actualLabel: ind.kind === 'cumulative' ? '累计完成' : '月度数值',
          }
        : null,
    };
  });
  return { months, items };
}

/** Task ids in URLs: digits only (anything else is simply not found). */
function parseId(raw: string): number | null {
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: '任务详情' };
}

export default async function TaskPage({ params }: Props) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const id = parseId((await params).id);
  if (id === null) notFound();
  const page = await loadTaskPage(ctx, id);
  if (!page) notFound();
  const { task, progress, signals, flags, thread, timeline, lifecycle, milestonePlan, extensions, problems } = page;
  const onTask = task.lead.some((u) => u.id === actor.unitId) || task.participating.some((u) => u.id === actor.unitId);
  // The oversight roles read every unit's instructions; a unit only those of its own tasks.
  const showThread = seesAllUnits(actor) || onTask;
  // A draft or archived list's task is read-only: no notice, flag or instruction is offered.
  const inLoop = task.plan.status === 'active';
  const deadline = task.deadlineText ?? task.deadline;
  const facts: [label: string, value: string | null][] = [
    ['立项来源', task.source],
    ['责任领导', task.leaders.join('、')],
    ['完成时限', task.originalDeadline && task.deadline ? movedDateText(task.deadline, task.originalDeadline) : deadline && `${deadline}${task.deadline && task.deadlineText && task.deadlineText !== task.deadline ? `（${task.deadline}）` : ''}`],
    ['另涉及', task.groupNote.join('、')],
  ];
  const shownFacts = facts.filter(([, value]) => value);
  const signs = new Map(lifecycle.signs.map((r) => [`${r.role}:${r.unitId}`, r]));
  // Each distinct 签收 line once: the units assigned on one day and signed at one time share it.
  const signLines: UnitSign[] = [];
  const signIndex = new Map<string, number>();
  const unitRows = (role: 'lead' | 'participating', units: { id: number; name: string }[]): UnitSignRow[] =>
    units.map((u) => {
      const row = signs.get(`${role}:${u.id}`);
      const sign = row ? unitSignOf(actor, inLoop, row) : null;
      const key = JSON.stringify(sign);
      let index = signIndex.get(key);
      if (index === undefined) {
        index = signLines.push(sign) - 1;
        signIndex.set(key, index);
      }
      return { id: u.id, name: u.name, sign: index };
    });
  const leadRows = unitRows('lead', task.lead);
  const participatingRows = unitRows('participating', task.participating);
  const mine =
    actor.unitId !== null &&
    (task.lead.some((u) => u.id === actor.unitId) ? 'lead' : task.participating.some((u) => u.id === actor.unitId) ? 'participating' : null);

  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb
        items={[
          { href: '/tasks', label: '工作台账' },
          { label: task.label.replace(/ \d+$/, '') },
          { href: `/tasks?section=${task.sectionId}`, label: `${task.section.numeral}、${task.section.title}` },
          ...task.headingPath.map((h) => ({ label: h })),
        ]}
      />
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-bold md:text-2xl">
          <span className="text-base font-normal text-muted-foreground" data-testid="task-label">
            {task.label}.
          </span>{' '}
          {task.title}
        </h1>
        {task.plan.status === 'archived' && <Badge variant="secondary">已归档（只读）</Badge>}
        {task.plan.status === 'draft' && <Badge variant="secondary">分解中（未发布）</Badge>}
        {mine === 'lead' && <Badge>本单位牵头</Badge>}
        {mine === 'participating' && <Badge variant="secondary">本单位参与</Badge>}
        {task.closedOn && <Badge variant="secondary" data-testid="closed-badge">已办结 {task.closedOn}</Badge>}
      </div>
      {signals && (
        <section aria-labelledby="signals-title" className="flex flex-col gap-2 rounded-lg border bg-white p-3">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="signals-title" className="font-semibold">
              预警信号
            </h2>
            <SignalLights signals={signals} />
          </div>
          {(signals.details.length > 0 || signals.target.level !== 'green' || signals.flag) && (
            <SignalReasons flag={signals.flag?.reason ?? null} details={signals.details.map((d) => d.reason)} target={signals.target.level !== 'green' ? signals.target.reason : null} />
          )}
          {inLoop && can(actor, 'notices.manage') && (
            <div className="flex flex-wrap gap-2 text-sm">
              <Link
                href={`/notices/new?task=${task.id}${signals.late.level !== 'green' ? `&rule=${encodeURIComponent(signals.late.rule)}` : signals.pace.level !== 'green' ? `&rule=${encodeURIComponent(signals.pace.rule)}` : ''}`}
                className="rounded-md border border-primary px-3 py-1.5 text-primary hover:bg-primary/5"
              >
                下发督办单
              </Link>
            </div>
          )}
          {inLoop && can(actor, 'flags.manage') && <LazyFlagPanel taskId={task.id} activeFlag={signals.flag ? { id: signals.flag.id, level: signals.flag.level, reason: signals.flag.reason } : null} />}
          {flags.length > 0 && (
            <details className="text-sm">
              <summary className="cursor-pointer text-muted-foreground">人工亮灯记录（{flags.length}）</summary>
              <ul className="mt-1 flex flex-col gap-1">
                {flags.map((f) => (
                  <li key={f.id}>
                    {formatDateTime(f.raisedAt)} {f.raisedBy} 亮{f.level === 'red' ? '红' : '黄'}灯：{f.reason}
                    {f.liftedAt && `；${formatDateTime(f.liftedAt)} 撤销：${f.liftReason}`}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
      <SectionCard title="任务内容" headerClassName="">
        <p className="leading-7" data-testid="task-text">
          {task.text}
        </p>
        {shownFacts.length > 0 && (
          <dl className="mt-3 grid grid-cols-[6rem_1fr] gap-x-2 gap-y-1 text-sm" data-testid="task-facts">
            {shownFacts.map(([label, value]) => (
              <Fragment key={label}>
                <dt className="text-muted-foreground">{label}</dt>
                <dd>{value}</dd>
              </Fragment>
            ))}
          </dl>
        )}
      </SectionCard>
      <TaskUnitsCard taskId={task.id} signs={signLines} lead={leadRows} participating={participatingRows} openEnded={task.openEnded} />
      <ClosurePanel actor={actor} taskId={task.id} inLoop={inLoop} mineLead={mine === 'lead'} closure={lifecycle.closure} />
      {mine && task.plan.status === 'active' && !task.closedOn && (
        <div>
          <Link href={`/my/tasks/${task.id}`} className="inline-block rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:bg-primary/90">
            {mine === 'lead' ? '填报本月进展' : '报送协办情况'}
          </Link>
        </div>
      )}
      <MilestoneSection actor={actor} taskId={task.id} data={milestonePlan} />
      <TaskDeadlineExtension actor={actor} task={task} data={extensions} />
      {progress.length > 0 && (
        <SectionCard aria-labelledby="indicators-title" titleId="indicators-title" title="目标指标" headerClassName="" contentClassName="grid gap-6 md:grid-cols-2">
          <TaskIndicators {...indicatorViews(progress)} />
        </SectionCard>
      )}
      {showThread && (
        <SectionCard id="instructions" aria-labelledby="instructions-title" titleId="instructions-title" title="领导批示" headerClassName="">
          <InstructionThread
            taskId={task.id}
            canWrite={inLoop && can(actor, 'instructions.write')}
            canRespond={inLoop && can(actor, 'instructions.respond')}
            items={thread.map((i) => ({
              id: i.id,
              authorName: i.authorName,
              content: i.content,
              createdAt: formatDateTime(i.createdAt),
              receipts: i.receipts.map((r) => ({
                id: r.id,
                unitName: r.unitName,
                mine: r.mine,
                reply: r.reply,
                acknowledgedAt: r.acknowledgedAt ? formatDateTime(r.acknowledgedAt) : null,
                repliedAt: r.repliedAt ? formatDateTime(r.repliedAt) : null,
              })),
            }))}
          />
        </SectionCard>
      )}
      <TaskProblems items={problems} />
      {timeline.length > 0 && (
        <SectionCard aria-labelledby="timeline-title" titleId="timeline-title" title="办理记录" headerClassName="">
          <TaskTimeline entries={timeline.map((e) => [formatDateTime(e.at), timelineText(e)])} />
        </SectionCard>
      )}
      <p className="text-xs text-muted-foreground">
        来源：{PLAN_KIND_LABELS[task.plan.kind]} · {task.plan.code}《{task.plan.title}》
      </p>
    </div>
  );
}
