'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import type { AttachmentItem } from '@/components/attachment-panel';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { ConflictView, type ConflictFields } from '@/components/conflict-view';
import type { ConflictInfo } from '@/lib/reporting/lead-report-service';
import { formLabelOf, REPORT_FIELDS, REPORT_TEXT_FIELDS } from '@/lib/reporting/report-fields';
import type { ReportDraftInput } from '@/lib/reporting/schemas';
import { IndicatorFigureInput, numberField, type IndicatorFigureSpec } from '@/components/indicator-figure-input';
import { saveReportAction } from './actions';
import { MonthEvidence, monthRequest, ReportTextField } from './form-parts';

// The shared schemas (and zod with them) are loaded when the form is first validated, not with the page.
const loadSchemas = () => import('@/lib/reporting/schemas');
const resolver = lazyResolver(() => withZodResolver(loadSchemas()).then(([zodResolver, m]) => zodResolver(m.reportDraftSchema)));

export type ReportFormProps = {
  taskId: number;
  periodId: number;
  monthText: string;
  version: number;
  defaults: Omit<ReportDraftInput, 'taskId' | 'periodId' | 'version'>;
  prefilledFrom: string | null;
  indicators: IndicatorFigureSpec[];
  contributions: { unitName: string; content: string; submittedAt: string | null; attachments: AttachmentItem[] }[];
  missingContributions: string[];
  attachments: AttachmentItem[];
  maxMb: number;
};

/** The text fields after the indicators (本月进展 comes first, on its own). */
const LATER_TEXT_FIELDS = REPORT_TEXT_FIELDS.filter((f) => f !== 'progress');

export function ReportForm(props: ReportFormProps) {
  const [version, setVersion] = useState(props.version);
  const [conflict, setConflict] = useState<ConflictFields | null>(null);
  // No refresh after a draft save (the form holds its state); a submission's answer carries the re-rendered page (the action revalidates it).
  const { message, pending, run, setMessage } = useActionMessage();
  const form = useForm<ReportDraftInput>({
    resolver,
    defaultValues: { taskId: props.taskId, periodId: props.periodId, version: props.version, ...props.defaults },
  });
  const { errors } = form.formState;

  function send(intent: 'save' | 'submit') {
    return form.handleSubmit(async (values) => {
      setMessage(null);
      const request = await monthRequest({ ...values, version }, intent, async () => (await loadSchemas()).reportSubmitSchema, form.setError);
      if (!request) {
        setMessage({ ok: false, text: '报送前请补全必填内容' });
        return;
      }
      if (intent === 'submit' && !window.confirm('报送后不能再修改，确定报送吗？')) return;
      run(() => saveReportAction(request), {
        setError: form.setError,
        onOk: (result) => {
          setConflict(null);
          setVersion(result.version);
        },
        onFail: (result) => {
          const theirs = result.conflict as ConflictInfo | undefined;
          if (theirs) setConflict(theirs);
        },
      });
    })();
  }

  function loadTheirs() {
    if (!conflict) return;
    const f = conflict.fields;
    for (const field of REPORT_TEXT_FIELDS) form.setValue(field, String(f[field] ?? ''));
    form.setValue('percentDone', typeof f.percentDone === 'number' ? f.percentDone : null);
    setVersion(conflict.version);
    setConflict(null);
    setMessage({ ok: true, text: '已载入对方保存的版本' });
  }

  function keepMine() {
    if (!conflict) return;
    setVersion(conflict.version);
    setConflict(null);
    setMessage({ ok: true, text: '将以您当前的内容为准，请再次保存' });
  }

  function quote(c: ReportFormProps['contributions'][number]) {
    const current = form.getValues('progress');
    const quoted = `【${c.unitName}】${c.content}`;
    form.setValue('progress', current ? `${current}\n${quoted}` : quoted, { shouldDirty: true });
    form.setFocus('progress');
  }

  return (
    <form method="post" className="flex flex-col gap-5" noValidate onSubmit={(e) => e.preventDefault()} onFocus={resolver.preload} aria-label={`${props.monthText}月度进展`}>
      {props.prefilledFrom && (
        <Alert>已按 {props.prefilledFrom} 审核通过的报告预填完成百分比、指标、问题和打算，只需修改有变化的内容。</Alert>
      )}

      <section aria-labelledby="parts-title" className="flex flex-col gap-2 rounded-lg border bg-muted/40 p-3">
        <h3 id="parts-title" className="font-semibold">
          参与单位协办情况
        </h3>
        {props.contributions.length === 0 && props.missingContributions.length === 0 && <p className="text-sm text-muted-foreground">本任务没有参与单位。</p>}
        {props.contributions.map((c) => (
          <article key={c.unitName} className="rounded-md border bg-white p-3 text-sm" data-contribution={c.unitName}>
            <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">{c.unitName}</span>
              <Button type="button" variant="outline" size="sm" onClick={() => quote(c)}>
                引用到本月进展
              </Button>
            </div>
            <p className="whitespace-pre-wrap">{c.content}</p>
            {c.attachments.length > 0 && (
              <ul className="mt-2 flex flex-wrap gap-2">
                {c.attachments.map((a) => (
                  <li key={a.id}>
                    <a className="text-primary hover:underline" href={`/api/attachments/${a.id}`} download>
                      {a.fileName}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </article>
        ))}
        {props.missingContributions.length > 0 && (
          <p className="text-sm text-amber-800" data-testid="missing-contributions">
            尚未报送：{props.missingContributions.join('、')}
          </p>
        )}
      </section>

      <ReportTextField spec={REPORT_FIELDS.progress} registration={form.register('progress')} error={errors.progress?.message} />

      <FormField id="percentDone" label={formLabelOf(REPORT_FIELDS.percentDone)} required error={errors.percentDone?.message} className="sm:max-w-xs">
        <Input type="number" inputMode="numeric" min={0} max={100} step={1} {...fieldAria('percentDone', errors.percentDone?.message)} {...form.register('percentDone', numberField)} />
      </FormField>

      {props.indicators.length > 0 && (
        <fieldset className="flex flex-col gap-3 rounded-lg border p-3">
          <legend className="px-1 font-semibold">目标指标（累计值填截至本月的累计完成数，比率、增长等填本月数值）</legend>
          {props.indicators.map((ind, i) => (
            <div key={ind.id}>
              <input type="hidden" {...form.register(`indicatorValues.${i}.indicatorId`, { valueAsNumber: true })} />
              <IndicatorFigureInput ind={ind} inputId={`indicator-${ind.id}`} registration={form.register(`indicatorValues.${i}.value`, numberField)} error={errors.indicatorValues?.[i]?.value?.message} />
            </div>
          ))}
        </fieldset>
      )}

      <div className="grid gap-4 md:grid-cols-2">
        {LATER_TEXT_FIELDS.map((field) => (
          <ReportTextField key={field} spec={REPORT_FIELDS[field]} registration={form.register(field)} error={errors[field]?.message} />
        ))}
      </div>

      <MonthEvidence headingId="attachments-title" target={{ ownerType: 'report', taskId: props.taskId, periodId: props.periodId }} attachments={props.attachments} maxMb={props.maxMb} onVersion={setVersion} />

      {conflict && <ConflictView conflict={conflict} onTheirs={loadTheirs} onMine={keepMine} />}

      {!conflict && <ActionAlert message={message} />}

      <div className="sticky bottom-0 -mx-3 flex flex-wrap gap-2 border-t bg-white/95 px-3 py-3 md:static md:mx-0 md:border-0 md:bg-transparent md:px-0">
        <Button type="button" variant="outline" disabled={pending} onClick={() => send('save')}>
          {pending ? '正在保存…' : '保存草稿'}
        </Button>
        <Button type="button" disabled={pending} onClick={() => send('submit')}>
          报送
        </Button>
      </div>
    </form>
  );
}
