import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AttachmentList } from '@/components/attachment-panel';
import { Breadcrumb } from '@/components/breadcrumb';
import { DetailItem, DetailList } from '@/components/detail-list';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SectionCard } from '@/components/ui/card';
import { maxUploadBytes } from '@/lib/attachments/file-store-instance';
import { ForbiddenError } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { getNotice, type NoticeDetail, type NoticeTargetView } from '@/lib/notices/notice-views';
import { chineseDate, NOTE_KIND_LABELS, NOTICE_TARGET_EDITABLE } from '@/lib/notices/schemas';
import { requestContext } from '@/lib/request-context';
import { NoticeLevelBadge, NoticeStatusBadge, OverdueText, TargetStatusBadge } from '../notice-badges';
import { CloseNoticeButton, NoteForm, RespondForm, ReviewControls } from './notice-forms';
import { NoticeExtension } from './notice-extension';
import { movedDateText } from '@/lib/extensions/extension-rules';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: '督办单' };

async function load(id: number): Promise<NoticeDetail> {
  const ctx = await requestContext();
  let detail: NoticeDetail | null;
  try {
    detail = await getNotice(ctx, id);
  } catch (err) {
    if (err instanceof ForbiddenError) redirect('/tasks');
    throw err;
  }
  if (!detail) notFound();
  return detail;
}

/** This page's cards have full-size headings. */
const BIG_TITLE = { headerClassName: 'pb-2 md:pb-3', titleClassName: '' };

/** The labels of a unit's answer are quieter than the notice's own. */
const ANSWER_LABEL = 'font-medium text-muted-foreground';

function TargetSection({ notice, target, maxMb }: { notice: NoticeDetail; target: NoticeTargetView; maxMb: number }) {
  const open = notice.status === 'open';
  const mayAnswer = target.mine && open && NOTICE_TARGET_EDITABLE.includes(target.status);
  const answered = target.respondedAt !== null;
  return (
    <article className="flex flex-col gap-3 rounded-lg border bg-white p-3 md:p-4" aria-label={`${target.unit.name}的整改情况`} data-target-unit={target.unit.name}>
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">{target.unit.name}</h3>
        <TargetStatusBadge status={target.status} />
        <OverdueText days={target.overdueDays} className="text-sm" />
      </header>

      {target.status === 'sent_back' && target.reviewComment && (
        <Alert variant="error" data-testid="send-back-comment">
          督查室退回意见：{target.reviewComment}
        </Alert>
      )}

      {answered && !mayAnswer && (
        <DetailList className="gap-3">
          <DetailItem
            label="整改情况"
            labelClassName={ANSWER_LABEL}
            className="whitespace-pre-wrap leading-7"
            data-testid="target-response"
            note={`${target.respondedByName ?? '—'} 于 ${formatDateTime(target.respondedAt!)} 报送${target.status === 'sent_back' ? '（已退回，等待重新报送）' : ''}`}
          >
            {target.response}
          </DetailItem>
          <DetailItem label="佐证材料" labelClassName={ANSWER_LABEL}>
            <AttachmentList items={target.attachments} />
          </DetailItem>
        </DetailList>
      )}

      {target.mine && target.status === 'answered' && <Alert variant="success">已报送，等待督查室审核。</Alert>}
      {target.mine && target.status === 'accepted' && <Alert variant="success">督查室已认可本单位的整改情况。</Alert>}

      {mayAnswer && (
        <RespondForm
          noticeId={notice.id}
          targetId={target.id}
          defaultResponse={target.response}
          attachments={target.attachments}
          maxMb={maxMb}
          resubmit={target.status === 'sent_back'}
        />
      )}

      {!target.mine && !answered && <p className="text-sm text-muted-foreground">尚未报送整改情况。</p>}

      {notice.canManage && open && target.status === 'answered' && <ReviewControls targetId={target.id} unitName={target.unit.name} />}
    </article>
  );
}

export default async function NoticePage({ params }: Props) {
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const notice = await load(Number(raw));
  const maxMb = Math.round(maxUploadBytes() / 1024 / 1024);
  const waitingForReview = notice.targets.filter((t) => t.status === 'answered').length;
  const unanswered = notice.targets.filter((t) => NOTICE_TARGET_EDITABLE.includes(t.status));
  const oversight = notice.oversight;

  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: '/notices', label: '督办单' }, { label: notice.no }]} />

      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-bold md:text-2xl" data-testid="notice-no">
            {notice.no}
          </h1>
          <NoticeLevelBadge level={notice.level} />
          <NoticeStatusBadge status={notice.status} />
          <OverdueText days={notice.overdueDays} />
        </div>
        <p className="text-sm">
          关联任务：
          <Link href={`/tasks/${notice.task.id}`} className="text-primary hover:underline">
            {notice.task.label}. {notice.task.title}
          </Link>
        </p>
        <p className="text-sm text-muted-foreground">
          {notice.issuedByName} 于 {formatDateTime(notice.issuedAt)} 下发 · 责任单位：{notice.addressees.map((u) => u.name).join('、')}
        </p>
        <div>
          <Button asChild variant="outline" size="sm">
            <Link href={`/print/notices/${notice.id}`}>
              打印督办通知
            </Link>
          </Button>
        </div>
      </div>

      {notice.status === 'closed' && notice.closedAt && (
        <Alert variant="success" data-testid="closed-note">
          已办结：{notice.closedByName ?? '督查室'} 于 {formatDateTime(notice.closedAt)} 办结。
        </Alert>
      )}

      <SectionCard title="督办内容" {...BIG_TITLE}>
        <DetailList>
          {notice.triggerReason && (
            <DetailItem label="触发预警" data-testid="trigger-reason">
              {notice.triggerReason}
            </DetailItem>
          )}
          <DetailItem label="存在问题" className="whitespace-pre-wrap leading-7" data-testid="notice-problem">
            {notice.problem}
          </DetailItem>
          <DetailItem label="整改要求" className="whitespace-pre-wrap leading-7" data-testid="notice-requirement">
            {notice.requirement}
          </DetailItem>
          <DetailItem label="办理时限">
            {chineseDate(notice.dueDate)}前报送整改情况 <OverdueText days={notice.overdueDays} className="ml-1" />
            {notice.originalDueDate && <span className="block text-sm text-muted-foreground" data-testid="notice-moved-due">{movedDateText(notice.dueDate, notice.originalDueDate)}</span>}
          </DetailItem>
        </DetailList>
      </SectionCard>
      <NoticeExtension notice={notice} />

      <section aria-labelledby="answers-title" className="flex flex-col gap-3">
        <h2 id="answers-title" className="text-lg font-semibold">
          {oversight ? '各单位整改情况' : '本单位整改情况'}
        </h2>
        {notice.targets.map((target) => (
          <TargetSection key={target.id} notice={notice} target={target} maxMb={maxMb} />
        ))}
      </section>

      {notice.canManage && notice.status === 'open' && (
        <SectionCard title="办结" {...BIG_TITLE} contentClassName="flex flex-col gap-3 text-sm">
          {unanswered.length > 0 ? (
            <p className="text-muted-foreground">尚有单位未报送或被退回后未重新报送：{unanswered.map((t) => t.unit.name).join('、')}。全部单位报送并认可后方可办结。</p>
          ) : (
            <p className="text-muted-foreground">各单位均已报送整改情况{waitingForReview > 0 ? '，待审核的整改情况将在办结时一并认可' : ''}。</p>
          )}
          <CloseNoticeButton noticeId={notice.id} waitingForReview={waitingForReview} />
        </SectionCard>
      )}

      {oversight && (
        <SectionCard title="约谈与备注" {...BIG_TITLE} contentClassName="flex flex-col gap-4">
          {notice.notes.length === 0 ? (
            <p className="text-sm text-muted-foreground">暂无记录。</p>
          ) : (
            <ul className="flex flex-col gap-2" aria-label="约谈与备注">
              {notice.notes.map((n) => (
                <li key={n.id} className="rounded-md border bg-white p-3 text-sm" data-note-kind={n.kind}>
                  <p className="mb-1 text-xs text-muted-foreground">
                    <span className="font-medium text-foreground">{NOTE_KIND_LABELS[n.kind]}</span> · {n.authorName} · {formatDateTime(n.at)}
                  </p>
                  <p className="whitespace-pre-wrap">{n.content}</p>
                </li>
              ))}
            </ul>
          )}
          {notice.canManage && <NoteForm noticeId={notice.id} />}
        </SectionCard>
      )}
    </div>
  );
}
