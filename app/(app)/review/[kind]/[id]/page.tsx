import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AttachmentList } from '@/components/attachment-panel';
import { StatusBadge } from '@/components/status-badge';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import { monthLabel } from '@/lib/reporting/calendar';
import { requestContext } from '@/lib/request-context';
import { getReviewDetail } from '@/lib/review/review-service';
import type { DiffPart } from '@/lib/review/text-diff';
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
      <nav aria-label="面包屑" className="text-sm text-muted-foreground">
        <Link href="/review" className="hover:underline">
          审核
        </Link>{' '}
        › {item.unit.name}
      </nav>
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
        <Card aria-labelledby="diff-title" className="border-sky-300">
          <CardHeader className="pb-2 md:pb-2">
            <CardTitle id="diff-title" className="text-base">
              退回后修改了什么
            </CardTitle>
            <p className="text-sm text-muted-foreground">
              {formatDateTime(item.diff.returnedAt)} 退回，意见：{item.diff.comment}
            </p>
          </CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm" data-testid="resubmission-diff">
            {item.diff.changes.length === 0 ? (
              <p>重新报送的内容与退回时相同。</p>
            ) : (
              item.diff.changes.map((c) => (
                <div key={c.field}>
                  <p className="font-medium">{c.label}</p>
                  <Diff parts={c.parts} />
                </div>
              ))
            )}
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">{what}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 text-sm">
            {item.fields.content !== undefined && (
              <div>
                <dt className="font-semibold">协办情况</dt>
                <dd className="mt-1 whitespace-pre-wrap">{item.fields.content}</dd>
              </div>
            )}
            {item.fields.progress !== undefined && (
              <>
                <div>
                  <dt className="font-semibold">本月进展</dt>
                  <dd className="mt-1 whitespace-pre-wrap" data-testid="review-progress">
                    {item.fields.progress}
                  </dd>
                </div>
                <div>
                  <dt className="font-semibold">年度任务完成百分比</dt>
                  <dd className="mt-1">
                    {item.fields.percentDone ?? '—'}%
                    {item.previousPercentDone !== null && <span className="text-muted-foreground">（上月 {item.previousPercentDone}%）</span>}
                  </dd>
                </div>
                <div>
                  <dt className="font-semibold">存在问题</dt>
                  <dd className="mt-1 whitespace-pre-wrap">{item.fields.problems || '无'}</dd>
                </div>
                <div>
                  <dt className="font-semibold">下步打算</dt>
                  <dd className="mt-1 whitespace-pre-wrap">{item.fields.nextSteps || '—'}</dd>
                </div>
              </>
            )}
            <div>
              <dt className="font-semibold">佐证材料</dt>
              <dd className="mt-1">
                <AttachmentList items={item.attachments} />
              </dd>
            </div>
          </dl>
        </CardContent>
      </Card>

      {item.indicatorChanges.length > 0 && (
        <Card>
          <CardHeader className="pb-2 md:pb-2">
            <CardTitle className="text-base">指标较上月变化</CardTitle>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <table className="w-full min-w-[320px] text-sm">
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th className="py-1.5 font-medium">指标</th>
                  <th className="py-1.5 text-right font-medium">目标</th>
                  <th className="py-1.5 text-right font-medium">上月</th>
                  <th className="py-1.5 text-right font-medium">本月</th>
                  <th className="py-1.5 text-right font-medium">变化</th>
                </tr>
              </thead>
              <tbody>
                {item.indicatorChanges.map((c) => (
                  <tr key={c.name} className="border-b last:border-0">
                    <td className="py-1.5">{c.name}</td>
                    <td className="py-1.5 text-right tabular-nums">
                      {c.target}
                      {c.unit}
                    </td>
                    <td className="py-1.5 text-right tabular-nums">{c.previous ?? '—'}</td>
                    <td className="py-1.5 text-right tabular-nums">{c.current ?? '—'}</td>
                    <td className="py-1.5 text-right tabular-nums">
                      {c.current !== null && c.previous !== null ? `${c.current - c.previous >= 0 ? '+' : ''}${Math.round((c.current - c.previous) * 100) / 100}` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}

      {item.parts.length > 0 && (
        <Card>
          <CardHeader className="pb-2 md:pb-2">
            <CardTitle className="text-base">参与单位协办情况</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm">
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
          </CardContent>
        </Card>
      )}

      {item.status === 'submitted' && can(actor, 'reports.review') ? (
        <Card>
          <CardHeader className="pb-2 md:pb-2">
            <CardTitle className="text-base">审核</CardTitle>
          </CardHeader>
          <CardContent>
            <DecisionForm kind={item.kind} id={item.id} version={item.version} />
          </CardContent>
        </Card>
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
