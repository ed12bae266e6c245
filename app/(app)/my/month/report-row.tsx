'use client';

import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { IndicatorFigureInput, numberField } from '@/components/indicator-figure-input';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { formLabelOf, REPORT_FIELDS } from '@/lib/reporting/report-fields';
import type { MonthLeadItem } from '@/lib/reporting/month-sheet';
import { monthLabel } from '@/lib/reporting/calendar';
import { MilestoneTickForm } from '../tasks/[id]/milestone-tick-form';
import { autosaveReportAction } from './actions';
import { ConflictView } from '@/components/conflict-view';
import { LeftoverView, RowEvidence, RowHeader, SaveStatus, type RowProps, type RowStatus } from './row-parts';
import { useAutosave } from './use-autosave';
import { missingNow, useSubmitCheck } from './use-submit-check';

type Values = {
  progress: string;
  percentDone: number | null;
  problems: string;
  nextSteps: string;
  indicatorValues: { indicatorId: number; value: number | null }[];
};

function initialValues(item: MonthLeadItem): Values {
  return { ...item.fields, indicatorValues: item.indicators.map((i) => ({ indicatorId: i.id, value: item.indicatorValues[i.id] ?? null })) };
}

/**
 * One task the unit leads, on the month page: this month's progress first (the one field that is
 * new every month), then the pre-filled percentage, figures, problems and plans; milestones due to
 * tick, parts received to quote, evidence. Saves by itself (useAutosave).
 */
export function ReportRow({ item, today, maxMb, selected, onSelect, onStatus, register, reason }: RowProps<MonthLeadItem>) {
  const form = useForm<Values>({ defaultValues: initialValues(item) });
  const values = useWatch({ control: form.control }) as Values;
  const [leftoverAt, setLeftoverAt] = useState<number | null>(null);
  const [restored, setRestored] = useState(false);
  const autosave = useAutosave<Values>({
    storageKey: `month-draft:${item.key}`,
    initialVersion: item.version,
    save: (v, version) => autosaveReportAction({ taskId: item.task.id, periodId: item.periodId, version, ...v, intent: 'save' }),
  });
  const check = useSubmitCheck();
  const missing = check ? check('report', values) : item.missing;

  // A copy left in this browser (a reload before the save, a dropped connection): restored when
  // it was typed over the version shown; offered when someone saved a newer one since.
  useEffect(() => {
    if (!item.editable) return;
    const copy = autosave.leftover();
    if (!copy) return;
    if (copy.base === item.version) {
      form.reset(copy.values, { keepDefaultValues: true });
      autosave.change(copy.values);
      setRestored(true);
    } else setLeftoverAt(copy.at);
    // Once, on mount: later renders must not restore again.
  }, []);

  useEffect(() => {
    onStatus(item.key, { version: autosave.version, rowId: autosave.rowId ?? item.id, missing, saveState: autosave.state } satisfies RowStatus);
    // `missing` is derived from `values`; its text is the dependency.
  }, [autosave.version, autosave.rowId, autosave.state, missing.join('、')]);

  useEffect(
    () =>
      register(item.key, {
        flush: autosave.flush,
        setVersion: autosave.setVersion,
        current: () => ({ ...autosave.current(), rowId: autosave.current().rowId ?? item.id, missing: missingNow((c) => c('report', form.getValues()), item.missing) }),
      }),
    [register, item.key, autosave.flush, autosave.setVersion, autosave.current],
  );

  if (!item.editable) {
    return (
      <article className="flex flex-col gap-2 rounded-lg border bg-white p-3 md:p-4" data-row-key={item.key} data-testid="month-row">
        <RowHeader item={item} today={today} selectable={false} selected={false} onSelect={onSelect} missing={[]} reason={null} />
        <p className="line-clamp-3 whitespace-pre-wrap text-sm text-muted-foreground">{item.fields.progress}</p>
      </article>
    );
  }

  const onChange = () => autosave.change(form.getValues());
  const fieldProps = (name: 'progress' | 'problems' | 'nextSteps') => {
    const reg = form.register(name, { onChange });
    return { ...reg, onBlur: (e: React.FocusEvent<HTMLTextAreaElement>) => (void reg.onBlur(e), void autosave.flush()) };
  };
  const idOf = (name: string) => `${item.key}-${name}`;

  function quote(unitName: string, content: string) {
    const current = form.getValues('progress');
    const quoted = `【${unitName}】${content}`;
    form.setValue('progress', current ? `${current}\n${quoted}` : quoted, { shouldDirty: true });
    onChange();
    form.setFocus('progress');
  }

  function loadTheirs() {
    const c = autosave.conflict as { version: number; fields: Record<string, string | number | null> };
    const next: Values = {
      progress: String(c.fields.progress ?? ''),
      percentDone: typeof c.fields.percentDone === 'number' ? c.fields.percentDone : null,
      problems: String(c.fields.problems ?? ''),
      nextSteps: String(c.fields.nextSteps ?? ''),
      indicatorValues: form.getValues('indicatorValues'),
    };
    form.reset(next, { keepDefaultValues: true });
    autosave.resolve(c.version, null);
  }

  return (
    <article className="flex flex-col gap-3 rounded-lg border bg-white p-3 md:p-4" data-row-key={item.key} data-testid="month-row" aria-label={`${item.task.label} 月度进展`}>
      <RowHeader item={item} today={today} selectable={missing.length === 0} selected={selected && missing.length === 0} onSelect={onSelect} missing={missing} reason={reason} />
      {item.state === 'returned' && item.reviewComment && <p className="rounded-md bg-rose-50 p-2 text-sm text-rose-900">督查室退回意见：{item.reviewComment}</p>}
      {item.prefilledFrom && !restored && <p className="text-xs text-muted-foreground">已按{monthLabel(item.prefilledFrom)}审核通过的报告预填完成百分比、指标、问题和打算。</p>}
      {restored && <p className="text-xs text-emerald-800">已恢复本机上次未保存的内容。</p>}
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

      {item.parts.length > 0 && (
        // Folded by default: a row stays compact; one click opens the parts to quote.
        <details className="rounded-md border bg-muted/40 p-2 text-sm">
          <summary className="cursor-pointer font-medium">参与单位协办情况（{item.parts.length}）</summary>
          <ul className="mt-2 flex flex-col gap-2">
            {item.parts.map((p) => (
              <li key={p.unitName} className="rounded-md border bg-white p-2" data-contribution={p.unitName}>
                <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
                  <span className="font-medium">{p.unitName}</span>
                  <Button type="button" variant="outline" size="sm" onClick={() => quote(p.unitName, p.content)}>
                    引用到本月进展
                  </Button>
                </div>
                <p className="whitespace-pre-wrap">{p.content}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
      {item.missingParts.length > 0 && <p className="text-xs text-amber-800">协办尚未报送：{item.missingParts.join('、')}</p>}

      <div className="grid gap-3 md:grid-cols-[1fr_10rem]">
        <FormField id={idOf('progress')} label={formLabelOf(REPORT_FIELDS.progress)} required>
          <Textarea rows={3} className="min-h-20" {...fieldAria(idOf('progress'), undefined)} {...fieldProps('progress')} />
        </FormField>
        <FormField id={idOf('percentDone')} label={REPORT_FIELDS.percentDone.label + '（%）'} required>
          <Input
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            {...fieldAria(idOf('percentDone'), undefined)}
            {...form.register('percentDone', { ...numberField, onChange, onBlur: () => void autosave.flush() })}
          />
        </FormField>
      </div>

      {item.indicators.length > 0 && (
        <fieldset className="flex flex-col gap-2 rounded-md border p-2">
          <legend className="px-1 text-sm font-medium">目标指标</legend>
          {item.indicators.map((ind, i) => (
            <IndicatorFigureInput
              key={ind.id}
              ind={ind}
              inputId={idOf(`indicator-${ind.id}`)}
              registration={form.register(`indicatorValues.${i}.value`, { ...numberField, onChange, onBlur: () => void autosave.flush() })}
            />
          ))}
        </fieldset>
      )}

      <div className="grid gap-3 md:grid-cols-2">
        {(['problems', 'nextSteps'] as const).map((name) => (
          <FormField key={name} id={idOf(name)} label={REPORT_FIELDS[name].label}>
            <Textarea rows={2} {...fieldAria(idOf(name), undefined)} {...fieldProps(name)} />
          </FormField>
        ))}
      </div>

      {item.milestones.length > 0 && (
        <section aria-label="本月到期的时间节点" className="flex flex-col gap-2 text-sm">
          <h4 className="font-medium">时间节点（本月及以前到期、尚未完成）</h4>
          {item.milestones.map((m) => (
            <div key={m.id} className="rounded-md border p-2" data-testid="month-milestone">
              <p>
                {m.dueOn} · {m.deliverable}
              </p>
              <MilestoneTickForm milestoneId={m.id} deliverable={m.deliverable} today={today} />
            </div>
          ))}
        </section>
      )}

      <RowEvidence item={item} maxMb={maxMb} onVersion={autosave.setVersion} />

      {autosave.conflict != null && (
        <ConflictView
          conflict={autosave.conflict}
          onTheirs={loadTheirs}
          onMine={() => autosave.resolve((autosave.conflict as { version: number }).version, form.getValues())}
        />
      )}
      <div className="flex flex-wrap items-center gap-3">
        <SaveStatus state={autosave.state} savedAt={autosave.savedAt} error={autosave.error} />
      </div>
    </article>
  );
}
