import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AttachmentList } from '@/components/attachment-panel';
import { Breadcrumb } from '@/components/breadcrumb';
import { DetailItem, DetailList } from '@/components/detail-list';
import { ReportFieldItems } from '@/components/report-fields-view';
import { StatusBadge } from '@/components/status-badge';
import { Alert } from '@/components/ui/alert';
import { SectionCard } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import { monthLabel } from '@/lib/reporting/calendar';
import { CONTRIBUTION_FIELDS, REPORT_FIELDS } from '@/lib/reporting/report-fields';
import { requestContext } from '@/lib/request-context';
import { getReviewDetail } from '@/lib/review/review-service';
import type { DiffPart, FieldChange } from '@/lib/review/text-diff';
import { DecisionForm } from './decision-form';

export const metadata: Metadata = { title: '审核' };

const EVENT_LABELS: Record<string, string> = { submitted: '报送', returned: '退回', approved: '通过' };

function Diff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="whitespace-pre-wrap leading-7">
      {parts.map((p, i) =>
        p.change === 'added' ? (
          <ins key={i} className="bg-emerald-100 text-emerald-900 no-underline">
            {p.text}
          </ins>
        ) : p.change === 'removed' ? (
          <del key={i} className="bg-rose-100 text-rose-900">
            {p.text}
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

/** A change too large to mark character by character: both versions whole, side by side. */
function SideBySide({ change }: { change: FieldChange }) {
  return (
    <div className="flex flex-col gap-2" data-testid="diff-side-by-side">
      <p className="text-muted-foreground">改动较多，未逐字标出差异，请对照退回时和重新报送的全文。</p>
      <div className="grid gap-3 md:grid-cols-2">
        {[
          { title: '退回时', text: change.before },
          { title: '重新报送', text: change.after },
        ].map((v) => (
          <div key={v.title} className="rounded border p-2">
            <p className="mb-1 font-medium">{v.title}</p>
            <p className="whitespace-pre-wrap leading-7">{v.text}</p>
          </div>
        ))}
      </div>
    </div>
  );
}

export default async function ReviewDetailPage({ params }: { params: Promise<{ kind: string; id: string }> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  if (!can(actor, 'reports.readAll')) redirect('/my');
  const { kind, id } = await params;
  if ((kind !== 'report' && kind !== 'contribution') || !/^\d+$/.test(id)) notFound();
  const item = await getReviewDetail(ctx, kind, Number(id));
  if (!item) notFound();
  const what = kind === 'report' ? '月度进展' : '协办情况';

  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: '/review', label: '审核' }, { label: item.unit.name }]} />
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-bold md:text-2xl">
          <Link href={`/tasks/${item.task.id}`} className="hover:underline">
            {item.task.label}. {item.task.title}
          </Link>
        </h1>
        <StatusBadge state={item.status} />
      </div>
      <p className="text-sm text-muted-foreground">
        {item.unit.name} · {monthLabel(item.month)}
        {what}
        {item.submittedAt && ` · ${item.submittedByName ?? ''} 于 ${formatDateTime(item.submittedAt)} 报送`}
      </p>

      {item.diff && (
        <SectionCard
          aria-labelledby="diff-title"
          className="border-sky-300"
          title="退回后修改了什么"
          titleId="diff-title"
          description={
            <p className="text-sm text-muted-foreground">
              {formatDateTime(item.diff.returnedAt)} 退回，意见：{item.diff.comment}
            </p>
          }
          contentClassName="text-sm"
        >
          <div className="flex flex-col gap-3" data-testid="resubmission-diff">
            {item.diff.changes.length === 0 ? (
              <p>重新报送的内容与退回时相同。</p>
            ) : (
              item.diff.changes.map((c) => (
                <div key={c.field}>
                  <p className="font-medium">{c.label}</p>
                  {c.parts ? <Diff parts={c.parts} /> : <SideBySide change={c} />}
                </div>
              ))
            )}
          </div>
        </SectionCard>
      )}

      <SectionCard title={what}>
        <DetailList>
          {item.fields.content !== undefined ? (
            <ReportFieldItems specs={CONTRIBUTION_FIELDS} values={item.fields} />
          ) : (
            <ReportFieldItems
              specs={REPORT_FIELDS}
              values={item.fields}
              testIds={{ progress: 'review-progress' }}
              extra={{ percentDone: item.previousPercentDone !== null && <span className="text-muted-foreground">（上月 {item.previousPercentDone}%）</span> }}
            />
          )}
          <DetailItem label="佐证材料">
            <AttachmentList items={item.attachments} />
          </DetailItem>
        </DetailList>
      </SectionCard>

      {item.indicatorChanges.length > 0 && (
        <SectionCard title="指标较上月变化">
          <Table variant="plain" dense minWidth={320} caption="指标较上月变化">
            <TableHeader>
              <TableRow>
                <TableHead>指标</TableHead>
                {['目标', '上月', '本月', '变化'].map((h) => (
                  <TableHead key={h} className="text-right">
                    {h}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {item.indicatorChanges.map((c) => (
                <TableRow key={c.name}>
                  <TableCell>{c.name}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {c.target}
                    {c.unit}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{c.previous ?? '—'}</TableCell>
                  <TableCell className="text-right tabular-nums">{c.current ?? '—'}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {c.current !== null && c.previous !== null ? `${c.current - c.previous >= 0 ? '+' : ''}${Math.round((c.current - c.previous) * 100) / 100}` : '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </SectionCard>
      )}

      {item.parts.length > 0 && (
        <SectionCard title="参与单位协办情况" contentClassName="flex flex-col gap-3 text-sm">
          {item.parts.map((p) => (
            <article key={p.id} className="rounded-md border p-3">
              <p className="font-medium">
                {p.unitName} <StatusBadge state={p.status} kind="contribution" />
              </p>
              <p className="whitespace-pre-wrap">{p.content}</p>
              <div className="mt-2">
                <AttachmentList items={p.attachments} />
              </div>
            </article>
          ))}
        </SectionCard>
      )}

      {item.status === 'submitted' && can(actor, 'reports.review') ? (
        <SectionCard title="审核">
          <DecisionForm kind={item.kind} id={item.id} version={item.version} />
        </SectionCard>
      ) : item.status !== 'submitted' ? (
        <Alert variant={item.status === 'returned' ? 'error' : 'success'}>
          {item.status === 'approved' ? '已审核通过' : `已退回：${item.reviewComment ?? ''}`}
        </Alert>
      ) : null}

      {item.history.length > 0 && (
        <section aria-labelledby="history" className="text-sm">
          <h2 id="history" className="mb-1 font-semibold">
            办理记录
          </h2>
          <ol className="flex flex-col gap-1">
            {item.history.map((h, i) => (
              <li key={i}>
                {formatDateTime(h.at)} {h.actorName} {EVENT_LABELS[h.event] ?? h.event}
                {h.comment ? `：${h.comment}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
