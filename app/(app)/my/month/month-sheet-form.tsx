'use client';

import { useCallback, useRef, useState } from 'react';
import { ActionAlert, type ActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { signOffKey } from '@/lib/reporting/month-rules';
import type { MonthItemRef } from '@/lib/reporting/month-schemas';
import type { MonthItem } from '@/lib/reporting/month-sheet';
import { submitMonthAction } from './actions';
import { PartRow } from './part-row';
import { ReportRow } from './report-row';
import type { RowHandle, RowStatus } from './row-parts';
import { SharedEvidencePanel } from './shared-evidence-panel';
import { SignOffPanel } from './sign-off-panel';

export type MonthSheetFormProps = {
  month: string;
  monthText: string;
  today: string;
  maxMb: number;
  items: MonthItem[];
  /** 负责人审阅: the unit asks for it; the head's sign-off versions by signOffKey; whether the actor is the head. */
  signOffRequired: boolean;
  signOffVersions: Record<string, number> | null;
  signOffText: string | null;
  isHead: boolean;
};

/**
 * The month page's working part: every row saving by itself, the choice of what to submit, one
 * confirmation for all of it, Ctrl+S to save the row being edited, and the panels for a file used by
 * several tasks and the head's sign-off.
 */
export function MonthSheetForm(props: MonthSheetFormProps) {
  const handles = useRef(new Map<string, RowHandle>());
  const [statuses, setStatuses] = useState<Record<string, RowStatus>>({});
  const [deselected, setDeselected] = useState<Set<string>>(new Set());
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<ActionMessage>(null);
  const [pending, setPending] = useState(false);

  const onStatus = useCallback((key: string, status: RowStatus) => setStatuses((all) => ({ ...all, [key]: status })), []);
  const register = useCallback((key: string, handle: RowHandle) => {
    handles.current.set(key, handle);
    return () => void handles.current.delete(key);
  }, []);

  const editable = props.items.filter((i) => i.editable);
  const needsHead = props.signOffRequired && !props.isHead;
  /** Signed by the head at the row's current version (where the unit asks for that). */
  const signed = (item: MonthItem, version: number, rowId: number | null) => !needsHead || (rowId !== null && props.signOffVersions?.[signOffKey(item.kind, rowId)] === version);
  const isChosen = (item: MonthItem) => {
    const s = statuses[item.key];
    return !!s && s.missing.length === 0 && !deselected.has(item.key) && signed(item, s.version, s.rowId);
  };
  const chosenCount = editable.filter(isChosen).length;
  const completeCount = editable.filter((i) => (statuses[i.key]?.missing.length ?? 1) === 0).length;

  function select(key: string, on: boolean) {
    setDeselected((set) => {
      const next = new Set(set);
      if (on) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  /** Saves every row with changes; false when one could not be saved (its row says why). */
  async function flushAll(): Promise<boolean> {
    const results = await Promise.all([...handles.current.values()].map((h) => h.flush()));
    return results.every(Boolean);
  }

  async function submit() {
    setMessage(null);
    setReasons({});
    setPending(true);
    try {
      if (!(await flushAll())) {
        setMessage({ ok: false, text: '有任务未能保存（见标红的任务），请处理后再报送' });
        return;
      }
      const refs: MonthItemRef[] = [];
      for (const item of editable) {
        const now = handles.current.get(item.key)?.current();
        if (!now || now.missing.length > 0 || deselected.has(item.key) || now.version < 1 || !signed(item, now.version, now.rowId)) continue;
        refs.push({ kind: item.kind, taskId: item.task.id, periodId: item.periodId, version: now.version });
      }
      if (refs.length === 0) {
        setMessage({ ok: false, text: '没有可报送的任务：请先填写完整并勾选' });
        return;
      }
      if (!window.confirm(`确定报送所选 ${refs.length} 项吗？报送后不能再修改。`)) return;
      const result = await submitMonthAction({ month: props.month, items: refs });
      if (result.ok) {
        // The action's answer carries the page re-rendered (it revalidates /my/month): no refresh needed.
        setMessage({ ok: true, text: result.message ?? `已报送 ${refs.length} 项` });
      } else {
        setMessage({ ok: false, text: result.error });
        setReasons(Object.fromEntries(Object.entries(result.fieldErrors ?? {}).map(([k, v]) => [k, v?.[0] ?? ''])));
      }
    } finally {
      setPending(false);
    }
  }

  /** Ctrl+S (⌘S): save the row being edited now, or every row when focus is elsewhere. */
  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 's') return;
    e.preventDefault();
    const key = (e.target as HTMLElement).closest<HTMLElement>('[data-row-key]')?.dataset.rowKey;
    const handle = key ? handles.current.get(key) : undefined;
    void (handle ? handle.flush() : flushAll());
  }

  return (
    <div className="flex flex-col gap-3" onKeyDown={onKeyDown}>
      {(props.signOffRequired || props.isHead) && (
        <SignOffPanel
          month={props.month}
          required={props.signOffRequired}
          isHead={props.isHead}
          signOffText={props.signOffText}
          flushAll={flushAll}
          rows={() =>
            editable.flatMap((item) => {
              const now = handles.current.get(item.key)?.current();
              return now && now.version > 0 ? [{ kind: item.kind, taskId: item.task.id, periodId: item.periodId, version: now.version }] : [];
            })
          }
        />
      )}
      {editable.length > 0 && <SharedEvidencePanel items={editable} maxMb={props.maxMb} handles={handles} />}

      <p className="text-xs text-muted-foreground">每项任务的改动会自动保存（也可按 Ctrl+S 立即保存）；填写完整的任务自动勾选，最后一并报送。</p>
      {props.items.map((item) =>
        item.kind === 'report' ? (
          <ReportRow key={item.key} item={item} today={props.today} maxMb={props.maxMb} selected={isChosen(item)} onSelect={(on) => select(item.key, on)} onStatus={onStatus} register={register} reason={reasons[item.key] ?? null} />
        ) : (
          <PartRow key={item.key} item={item} today={props.today} maxMb={props.maxMb} selected={isChosen(item)} onSelect={(on) => select(item.key, on)} onStatus={onStatus} register={register} reason={reasons[item.key] ?? null} />
        ),
      )}

      {/* Kept after a submission that sent every row, to say so. */}
      {(editable.length > 0 || message) && (
        <div className="sticky bottom-0 z-10 -mx-3 flex flex-col gap-2 border-t bg-white/95 px-3 py-3 md:mx-0 md:rounded-lg md:border" data-testid="submit-bar">
          <ActionAlert message={message} />
          {needsHead && <p className="text-xs text-amber-800">本单位报送前须经负责人审阅：只有负责人审阅过的内容可以报送。</p>}
          {editable.length > 0 && (
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-sm" data-testid="chosen-count">
              已填写完整 {completeCount} / {editable.length} 项，已选 {chosenCount} 项
            </span>
            <Button type="button" variant="outline" size="sm" onClick={() => setDeselected(new Set())}>
              全选已完成
            </Button>
            <Button type="button" variant="outline" size="sm" onClick={() => setDeselected(new Set(editable.map((i) => i.key)))}>
              全不选
            </Button>
            <Button type="button" disabled={pending || chosenCount === 0} onClick={() => void submit()} className="ml-auto">
              {pending ? '正在报送…' : `报送所选（${chosenCount} 项）`}
            </Button>
          </div>
          )}
        </div>
      )}
    </div>
  );
}
