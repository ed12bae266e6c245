import { WordBadge } from '@/components/status-badge';
import { NOTICE_LEVEL_LABELS, NOTICE_STATUS_LABELS, NOTICE_TARGET_STATUS_LABELS, type NoticeLevel, type NoticeTargetStatus } from '@/lib/notices/schemas';
import { cn } from '@/lib/utils';

const LEVEL_STYLES: Record<NoticeLevel, string> = {
  hint: 'border-sky-200 bg-sky-50 text-sky-900',
  yellow: 'border-amber-300 bg-amber-100 text-amber-900',
  red: 'border-red-300 bg-red-100 text-red-900',
};

const TARGET_STYLES: Record<NoticeTargetStatus, string> = {
  pending: 'border-slate-200 bg-slate-100 text-slate-700',
  answered: 'border-sky-200 bg-sky-50 text-sky-900',
  sent_back: 'border-rose-200 bg-rose-50 text-rose-900',
  accepted: 'border-emerald-200 bg-emerald-50 text-emerald-900',
};

const STATUS_STYLES: Record<'open' | 'closed', string> = {
  open: 'border-slate-200 bg-white text-slate-800',
  closed: 'border-emerald-200 bg-emerald-50 text-emerald-900',
};

/** 提示 / 黄牌督办 / 红牌督办. */
export function NoticeLevelBadge({ level, className }: { level: NoticeLevel; className?: string }) {
  return <WordBadge tone={LEVEL_STYLES[level]} className={className} data-level={level}>{NOTICE_LEVEL_LABELS[level]}</WordBadge>;
}

/** One addressed unit's answer: 待反馈 / 已反馈待审核 / 已退回 / 已认可. */
export function TargetStatusBadge({ status, className }: { status: NoticeTargetStatus; className?: string }) {
  return <WordBadge tone={TARGET_STYLES[status]} className={className} data-state={status}>{NOTICE_TARGET_STATUS_LABELS[status]}</WordBadge>;
}

export function NoticeStatusBadge({ status, className }: { status: 'open' | 'closed'; className?: string }) {
  return <WordBadge tone={STATUS_STYLES[status]} className={className} data-notice-status={status}>{NOTICE_STATUS_LABELS[status]}</WordBadge>;
}

/** 已逾期 N 天, in red. */
export function OverdueText({ days, className }: { days: number | null; className?: string }) {
  if (days === null || days <= 0) return null;
  return (
    <span className={cn('whitespace-nowrap font-medium text-destructive', className)} data-testid="overdue">
      已逾期 {days} 天
    </span>
  );
}
