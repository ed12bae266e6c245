import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { AttachmentList } from '@/components/attachment-panel';
import { Breadcrumb } from '@/components/breadcrumb';
import { DetailItem, DetailList } from '@/components/detail-list';
import { PillLink } from '@/components/pill-link';
import { ReportFieldItems } from '@/components/report-fields-view';
import { StatusBadge } from '@/components/status-badge';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { maxUploadBytes } from '@/lib/attachments/file-store-instance';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { dateLabel, deadlineHint, monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { getReportEditor, type ReportEditorData, type ReportView } from '@/lib/reporting/report-editor';
import { REPORT_FIELDS } from '@/lib/reporting/report-fields';
import { isReportEditable } from '@/lib/reporting/report-state';
import { requestContext } from '@/lib/request-context';
import { ContributionForm } from './contribution-form';
import { ReportForm } from './report-form';
import { MilestoneTickOff } from './milestone-tick-off';
import { ReportProblems } from './report-problems';
import { movedReportDeadline, ReportDeadlineExtension } from './report-deadline-extension';
import { binaryFigureText, INDICATOR_FIGURE_LABELS } from '@/lib/indicators/indicator-kind-labels';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ period?: string }> };

export const metadata: Metadata = { title: '月度填报' };

/** The editor of the actor's unit; a task it cannot report on sends it to the task's page, a missing one is a 404. */
async function load(taskId: number, month: string | undefined): Promise<ReportEditorData> {
  const ctx = await requestContext();
  try {
    return await getReportEditor(ctx, taskId, month);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof ForbiddenError) redirect(`/tasks/${taskId}`);
    throw err;
  }
}

function ReadOnlyReport({ report, data }: { report: ReportView; data: ReportEditorData }) {
  const indicators = data.indicators.length > 0 && (
    <DetailItem label="目标指标">
      <ul className="grid gap-1">
        {data.indicators.map((i) => (
          <li key={i.id}>
            {i.kind === 'binary' ? (
              <>
                {i.name}：{binaryFigureText(report.indicatorValues[i.id])}
              </>
            ) : (
              <>
                {i.name}（{INDICATOR_FIGURE_LABELS[i.kind]}）：{report.indicatorValues[i.id] ?? '—'} {i.unit}
                <span className="text-muted-foreground">
                  （目标 {i.target}
                  {i.targetMax !== null ? `–${i.targetMax}` : ''} {i.unit}）
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </DetailItem>
  );
  return (
    <DetailList>
      <ReportFieldItems specs={REPORT_FIELDS} values={report} testIds={{ progress: 'report-progress' }} after={{ percentDone: indicators }} />
      <DetailItem label="佐证材料">
        <AttachmentList items={report.attachments} />
      </DetailItem>
    </DetailList>
  );
}

export default async function ReportPage({ params, searchParams }: Props) {
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const taskId = Number(raw);
  const { period: month } = await searchParams;
  const data = await load(taskId, month && /^\d{4}-\d{2}$/.test(month) ? month : undefined);
  const { task, period, role } = data;
  const maxMb = Math.round(maxUploadBytes() / 1024 / 1024);
  // The task's own deadline in this period (dueInPeriod): an item of a per-item list is due only in its deadline's month.
  const planned = role === 'lead' ? data.due.leadDeadline : data.due.contributionDeadline;
  // 延期: an approved extension of this month's deadline is the unit's deadline (lib/extensions).
  const moved = await movedReportDeadline(task.id, period.id);
  const deadline = moved ?? planned;

  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: '/my', label: '本单位任务' }, { label: role === 'lead' ? '月度进展' : '协办情况' }]} />
      <PageHeader
        title={
          <>
            <span className="mr-2 text-base font-normal text-muted-foreground">{task.label}</span>
            {task.title}
          </>
        }
        description={`牵头单位：${task.lead.map((u) => u.name).join('、')}${role === 'lead' ? '' : '（本单位为参与单位）'}`}
      />

      {task.closedOn && (
        <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="task-closed">
          本任务已于 {task.closedOn} 办结销号，无需再报送月度进展。
        </p>
      )}

      <nav aria-label="选择月份" className="flex flex-wrap gap-1">
        {data.periods.map((p) => (
          <PillLink key={p.id} href={`/my/tasks/${task.id}?period=${p.month}`} current={p.id === period.id}>
            {shortMonthLabel(p.month)}
          </PillLink>
        ))}
      </nav>

      <Card>
        <CardHeader className="pb-2 md:pb-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <CardTitle>
              {monthLabel(period.month)}
              {role === 'lead' ? '月度进展' : '协办情况'}
            </CardTitle>
            <div className="flex items-center gap-2 text-sm">
              {role === 'lead' ? (
                <StatusBadge state={data.report?.status ?? 'none'} />
              ) : (
                <StatusBadge state={data.contribution?.status ?? 'none'} kind="contribution" />
              )}
              <span className="text-muted-foreground">
                {data.due.due ? `截止 ${dateLabel(deadline)}${moved ? `（原定 ${planned}，延期至 ${moved}）` : ''}（${deadlineHint(deadline, data.today)}）` : `本月无须报送，按期限报送（截止 ${dateLabel(deadline)}）`}
              </span>
            </div>
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {role === 'lead' ? (
            <LeadSide data={data} maxMb={maxMb} />
          ) : data.contribution && !isReportEditable(data.contribution.status) ? (
            <div className="flex flex-col gap-3 text-sm">
              <Alert variant="success">
                {data.contribution.status === 'approved' ? '督查室已审核通过。' : `已于 ${formatDateTime(data.contribution.submittedAt!)} 报送给牵头单位。`}
              </Alert>
              <p className="whitespace-pre-wrap" data-testid="contribution-content">
                {data.contribution.content}
              </p>
              <AttachmentList items={data.contribution.attachments} />
            </div>
          ) : (
            <>
            {data.contribution?.status === 'returned' && (
              <Alert variant="error" data-testid="return-comment">
                督查室退回意见：{data.contribution.reviewComment}
              </Alert>
            )}
            <ContributionForm
              taskId={task.id}
              periodId={period.id}
              version={data.contribution?.version ?? 0}
              content={data.contribution?.content ?? ''}
              leadNames={task.lead.map((u) => u.name).join('、')}
              attachments={data.contribution?.attachments ?? []}
              maxMb={maxMb}
            />
            </>
          )}
        </CardContent>
      </Card>
      <ReportDeadlineExtension data={data} />
      <ReportProblems taskId={task.id} report={role === 'lead' ? (data.report ?? data.previous) : null} />

      {role === 'lead' && <MilestoneTickOff taskId={task.id} month={period.month} />}
      <details className="rounded-lg border bg-white p-3 text-sm">
        <summary className="cursor-pointer font-medium">任务原文</summary>
        <p className="mt-2 leading-7">{task.text}</p>
      </details>
    </div>
  );
}

/** The parts the participating units sent for this month (read-only). */
function PartsReceived({ data }: { data: ReportEditorData }) {
  if (data.contributions.length === 0 && data.missingContributions.length === 0) return null;
  return (
    <section aria-labelledby="parts-received" className="flex flex-col gap-2 border-t pt-4 text-sm">
      <h3 id="parts-received" className="font-semibold">
        参与单位协办情况
      </h3>
      {data.contributions.map((c) => (
        <article key={c.id} className="rounded-md border bg-white p-3" data-contribution={c.unit.name}>
          <p className="font-medium">{c.unit.name}</p>
          <p className="whitespace-pre-wrap">{c.content}</p>
          <div className="mt-2">
            <AttachmentList items={c.attachments} />
          </div>
        </article>
      ))}
      {data.missingContributions.length > 0 && <p className="text-amber-800">未报送：{data.missingContributions.map((u) => u.name).join('、')}</p>}
    </section>
  );
}

function LeadSide({ data, maxMb }: { data: ReportEditorData; maxMb: number }) {
  const { report, previous } = data;
  if (report && !isReportEditable(report.status)) {
    return (
      <>
        <Alert variant="success">
          {report.status === 'approved' ? '已通过审核。' : `已于 ${formatDateTime(report.submittedAt!)} 报送，等待督查室审核。`}
          报送后不能修改。
        </Alert>
        <ReadOnlyReport report={report} data={data} />
        <PartsReceived data={data} />
      </>
    );
  }
  const base = report ?? previous;
  const defaults = {
    progress: report?.progress ?? '',
    percentDone: base?.percentDone ?? null,
    problems: base?.problems ?? '',
    nextSteps: base?.nextSteps ?? '',
    indicatorValues: data.indicators.map((i) => ({ indicatorId: i.id, value: base?.indicatorValues[i.id] ?? null })),
  };
  return (
    <>
      {report?.status === 'returned' && (
        <Alert variant="error" data-testid="return-comment">
          督查室退回意见：{report.reviewComment}
        </Alert>
      )}
      {report && (
        <p className="text-xs text-muted-foreground">
          最后保存：{report.updatedByName}，{formatDateTime(report.updatedAt)}
        </p>
      )}
      <ReportForm
        taskId={data.task.id}
        periodId={data.period.id}
        monthText={monthLabel(data.period.month)}
        version={report?.version ?? 0}
        defaults={defaults}
        prefilledFrom={!report && previous ? monthLabel(previous.month) : null}
        indicators={data.indicators.map((i) => ({ ...i, previous: previous?.indicatorValues[i.id] ?? null }))}
        contributions={data.contributions.map((c) => ({
          unitName: c.unit.name,
          content: c.content,
          submittedAt: c.submittedAt ? formatDateTime(c.submittedAt) : null,
          attachments: c.attachments,
        }))}
        missingContributions={data.missingContributions.map((u) => u.name)}
        attachments={report?.attachments ?? []}
        maxMb={maxMb}
      />
    </>
  );
}
