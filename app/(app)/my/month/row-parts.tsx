'use client';

import Link from 'next/link';
import { EvidenceSection } from '@/components/attachment-panel';
import { deleteAttachmentAction } from '../../attachment-actions';
import { StatusBadge } from '@/components/status-badge';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/lib/format';
import { dateLabel, deadlineHint } from '@/lib/reporting/calendar';
import { missingText } from '@/lib/reporting/month-rules';
import type { MonthItem } from '@/lib/reporting/month-sheet';
import { clsx } from 'clsx';
import type { SaveState } from './use-autosave';

/** What the parent keeps of each row: enough to choose, check and submit it. */
export type RowStatus = { version: number; rowId: number | null; missing: string[]; saveState: SaveState };

/** What the page can do to a row: save it now (Ctrl+S, before a submission), tell it a new version (a shared file created its draft). */
export type RowHandle = { flush: () => Promise<boolean>; setVersion: (version: number) => void; current: () => { version: number; rowId: number | null; missing: string[] } };

export type RowProps<I> = {
  item: I;
  today: string;
  maxMb: number;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onStatus: (key: string, status: RowStatus) => void;
  /** Registers the row's handle; returns the unregistration. */
  register: (key: string, handle: RowHandle) => () => void;
  /** Why the last submission refused this row, if it did. */
  reason: string | null;
};

/** The row's heading: choose box, task, list, state and deadline. */
export function RowHeader({
  item,
  today,
  selectable,
  selected,
  onSelect,
  missing,
  reason,
}: {
  item: MonthItem;
  today: string;
  selectable: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  missing: string[];
  reason: string | null;
}) {
  const chooseId = `choose-${item.key}`;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-1">
        {item.editable && (
          <input
            id={chooseId}
            type="checkbox"
            className="mt-1 size-4 accent-primary"
            checked={selected}
            disabled={!selectable}
            onChange={(e) => onSelect(e.target.checked)}
            aria-label={`选择报送 ${item.task.label}`}
          />
        )}
        <h3 className="min-w-0 flex-1 font-semibold leading-snug">
          {/* The label names the list (重点任务 12, 工作报告 3). */}
          <span className="mr-2 text-sm font-normal text-muted-foreground">{item.task.label}</span>
          <Link href={`/my/tasks/${item.task.id}`} className="hover:underline" tabIndex={-1}>
            {item.task.title}
          </Link>
          {item.kind === 'contribution' && <span className="ml-2 text-xs font-normal text-muted-foreground">协办，报牵头单位 {item.leadNames.join('、')}</span>}
        </h3>
        <StatusBadge state={item.state} kind={item.kind} />
      </div>
      <p className="text-xs text-muted-foreground">
        截止 {dateLabel(item.deadline)}
        {item.movedFrom && `（原定 ${item.movedFrom}，已延期）`}
        {item.editable && `（${deadlineHint(item.deadline, today)}）`}
        {item.submittedAt && ` · 已于 ${formatDateTime(item.submittedAt)} 报送`}
        {!item.due && ' · 本月无须报送（按事项期限）'}
      </p>
      {item.editable && missing.length > 0 && (
        <p className="text-xs text-amber-800" data-testid="row-missing">
          {missingText(missing)}
        </p>
      )}
      {reason && (
        <p role="alert" className="text-sm text-destructive" data-testid="row-refusal">
          未能报送：{reason}
        </p>
      )}
    </div>
  );
}

const SAVE_STATE_TEXT: Record<SaveState, string> = {
  clean: '',
  dirty: '有改动，稍后自动保存',
  saving: '正在保存…',
  saved: '已自动保存',
  offline: '网络中断，内容已保存在本机，恢复后自动保存',
  conflict: '保存冲突',
  error: '未保存',
};

/** "已自动保存 10:42": the row's save state, announced politely. */
export function SaveStatus({ state, savedAt, error }: { state: SaveState; savedAt: Date | null; error: string | null }) {
  const text = state === 'saved' && savedAt ? `${SAVE_STATE_TEXT.saved} ${savedAt.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })}` : SAVE_STATE_TEXT[state];
  return (
    <span aria-live="polite" data-testid="save-state" data-state={state} className={clsx('text-xs', state === 'offline' || state === 'error' || state === 'conflict' ? 'text-destructive' : 'text-muted-foreground')}>
      {text}
      {state === 'error' && error ? `：${error}` : ''}
    </span>
  );
}

/** A copy left in this browser by an earlier visit over an older version: restore it or let it go. */
export function LeftoverView({ at, onRestore, onDiscard }: { at: number; onRestore: () => void; onDiscard: () => void }) {
  return (
    <div role="alert" className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="leftover">
      <span>本机有 {new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 未保存的内容，但此后本单位其他人员已保存了新版本。</span>
      <Button type="button" variant="outline" size="sm" onClick={onRestore}>
        用本机内容覆盖
      </Button>
      <Button type="button" variant="outline" size="sm" onClick={onDiscard}>
        放弃本机内容
      </Button>
    </div>
  );
}

/** 佐证材料 of a row, folded: uploading the first file creates the row's draft, whose version the row learns. */
export function RowEvidence({ item, maxMb, onVersion }: { item: MonthItem; maxMb: number; onVersion: (version: number) => void }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-muted-foreground">佐证材料（{item.attachments.length}）</summary>
      <div className="mt-2">
        <EvidenceSection
          key={item.attachments.map((a) => a.id).join(',')}
          headingId={`${item.key}-evidence`}
          level={4}
          target={{ ownerType: item.kind, taskId: item.task.id, periodId: item.periodId }}
          initial={item.attachments}
          editable
          maxMb={maxMb}
          deleteAction={deleteAttachmentAction}
          onOwnerChange={(owner) => owner.created && onVersion(owner.version)}
        />
      </div>
    </details>
  );
}
