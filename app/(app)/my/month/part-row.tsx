'use client';

import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import { CONTRIBUTION_FIELDS, formLabelOf } from '@/lib/reporting/report-fields';
import type { MonthPartItem } from '@/lib/reporting/month-sheet';
import { autosaveContributionAction } from './actions';
import { ConflictView } from '@/components/conflict-view';
import { LeftoverView, RowEvidence, RowHeader, SaveStatus, type RowProps, type RowStatus } from './row-parts';
import { useAutosave } from './use-autosave';
import { missingNow, useSubmitCheck } from './use-submit-check';

type Values = { content: string };

/** One part the unit owes a lead unit (协办情况), on the month page: one text and its evidence, saved by itself. */
export function PartRow({ item, today, maxMb, selected, onSelect, onStatus, register, reason }: RowProps<MonthPartItem>) {
  const form = useForm<Values>({ defaultValues: { content: item.content } });
  const values = useWatch({ control: form.control }) as Values;
  const [leftoverAt, setLeftoverAt] = useState<number | null>(null);
  const autosave = useAutosave<Values>({
    storageKey: `month-draft:${item.key}`,
    initialVersion: item.version,
    save: (v, version) => autosaveContributionAction({ taskId: item.task.id, periodId: item.periodId, version, content: v.content, intent: 'save' }),
  });
  const check = useSubmitCheck();
  const missing = check ? check('contribution', { content: values.content ?? '' }) : item.missing;

  useEffect(() => {
    if (!item.editable) return;
    const copy = autosave.leftover();
    if (!copy) return;
    if (copy.base === item.version) {
      form.reset(copy.values, { keepDefaultValues: true });
      autosave.change(copy.values);
    } else setLeftoverAt(copy.at);
    // Once, on mount.
  }, []);

  useEffect(() => {
    onStatus(item.key, { version: autosave.version, rowId: autosave.rowId ?? item.id, missing, saveState: autosave.state } satisfies RowStatus);
  }, [autosave.version, autosave.rowId, autosave.state, missing.join('、')]);

  useEffect(
    () =>
      register(item.key, {
        flush: autosave.flush,
        setVersion: autosave.setVersion,
        current: () => ({ ...autosave.current(), rowId: autosave.current().rowId ?? item.id, missing: missingNow((c) => c('contribution', { content: form.getValues('content') ?? '' }), item.missing) }),
      }),
    [register, item.key, autosave.flush, autosave.setVersion, autosave.current],
  );

  if (!item.editable) {
    return (
      <article className="flex flex-col gap-2 rounded-lg border bg-white p-3 md:p-4" data-row-key={item.key} data-testid="month-row">
        <RowHeader item={item} today={today} selectable={false} selected={false} onSelect={onSelect} missing={[]} reason={null} />
        <p className="line-clamp-3 whitespace-pre-wrap text-sm text-muted-foreground">{item.content}</p>
      </article>
    );
  }

  const id = `${item.key}-content`;
  const reg = form.register('content', { onChange: () => autosave.change(form.getValues()) });
  return (
    <article className="flex flex-col gap-3 rounded-lg border bg-white p-3 md:p-4" data-row-key={item.key} data-testid="month-row" aria-label={`${item.task.label} 协办情况`}>
      <RowHeader item={item} today={today} selectable={missing.length === 0} selected={selected && missing.length === 0} onSelect={onSelect} missing={missing} reason={reason} />
      {item.state === 'returned' && item.reviewComment && <p className="rounded-md bg-rose-50 p-2 text-sm text-rose-900">督查室退回意见：{item.reviewComment}</p>}
      {leftoverAt !== null && (
        <LeftoverView
          at={leftoverAt}
          onRestore={() => {
            const copy = autosave.leftover();
            setLeftoverAt(null);
            if (copy) {
              form.reset(copy.values, { keepDefaultValues: true });
              autosave.change(copy.values);
            }
          }}
          onDiscard={() => {
            autosave.discardLeftover();
            setLeftoverAt(null);
          }}
        />
      )}
      <FormField id={id} label={formLabelOf(CONTRIBUTION_FIELDS.content)} required>
        <Textarea rows={3} className="min-h-20" {...fieldAria(id, undefined)} {...reg} onBlur={(e) => (void reg.onBlur(e), void autosave.flush())} />
      </FormField>
      <RowEvidence item={item} maxMb={maxMb} onVersion={autosave.setVersion} />
      {autosave.conflict != null && (
        <ConflictView
          conflict={autosave.conflict}
          onTheirs={() => {
            const c = autosave.conflict as { version: number; fields: Record<string, string | number | null> };
            form.reset({ content: String(c.fields.content ?? '') }, { keepDefaultValues: true });
            autosave.resolve(c.version, null);
          }}
          onMine={() => autosave.resolve((autosave.conflict as { version: number }).version, form.getValues())}
        />
      )}
      <SaveStatus state={autosave.state} savedAt={autosave.savedAt} error={autosave.error} />
    </article>
  );
}
