'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { AttachmentPanel, type AttachmentItem } from '@/components/attachment-panel';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { lazyResolver } from '@/components/lazy-resolver';
import type { ConflictInfo } from '@/lib/reporting/lead-report-service';
import type { ReportDraftInput } from '@/lib/reporting/schemas';
import { deleteAttachmentAction } from '../../../attachment-actions';
import { saveReportAction } from './actions';

// The shared schemas (and zod with them) are loaded when the form is first validated, not with the page.
const loadSchemas = () => import('@/lib/reporting/schemas');
const resolver = lazyResolver(() => loadSchemas().then((m) => zodResolver(m.reportDraftSchema)));

export type ReportFormProps = {
  taskId: number;
  periodId: number;
  monthText: string;
  version: number;
  defaults: Omit<ReportDraftInput, 'taskId' | 'periodId' | 'version'>;
  prefilledFrom: string | null;
  indicators: { id: number; name: string; target: number; targetMax: number | null; unit: string; comparator: string; previous: number | null }[];
  contributions: { unitName: string; content: string; submittedAt: string | null; attachments: AttachmentItem[] }[];
  missingContributions: string[];
  attachments: AttachmentItem[];
  maxMb: number;
};

type Conflict = { version: number; updatedAt: string; updatedByName: string; fields: Record<string, string | number | null> };

const TEXTAREA =
  'min-h-24 w-full rounded-md border border-input bg-background px-3 py-2 text-base focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive md:text-sm';

const CONFLICT_LABELS: Record<string, string> = { progress: '本月进展', percentDone: '完成百分比', problems: '存在问题', nextSteps: '下步打算' };

export function ReportForm(props: ReportFormProps) {
  const router = useRouter();
  const [version, setVersion] = useState(props.version);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ReportDraftInput>({
    resolver,
    defaultValues: { taskId: props.taskId, periodId: props.periodId, version: props.version, ...props.defaults },
  });
  const { errors } = form.formState;

  function showFieldErrors(fieldErrors: Partial<Record<string, string[]>> | undefined) {
    for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
      if (messages?.[0]) form.setError(field as Path<ReportDraftInput>, { message: messages[0] });
    }
  }

  function send(intent: 'save' | 'submit') {
    return form.handleSubmit(async (values) => {
      setMessage(null);
      const input = { ...values, version };
      let request: Parameters<typeof saveReportAction>[0] = { ...input, intent: 'save' };
      if (intent === 'submit') {
        // Submitting asks more than a draft: check it here too, with the server's schema.
        const { reportSubmitSchema } = await loadSchemas();
        const strict = reportSubmitSchema.safeParse(input);
        if (!strict.success) {
          for (const issue of strict.error.issues) form.setError(issue.path.join('.') as Path<ReportDraftInput>, { message: issue.message });
          setMessage({ kind: 'error', text: '报送前请补全必填内容' });
          return;
        }
        if (!window.confirm('报送后不能再修改，确定报送吗？')) return;
        request = { ...strict.data, intent: 'submit' };
      }
      startTransition(async () => {
        const result = await saveReportAction(request);
        if (result.ok) {
          setConflict(null);
          setVersion(result.version);
          setMessage({ kind: 'success', text: result.message });
          router.refresh();
        } else {
          setMessage({ kind: 'error', text: result.error });
          showFieldErrors(result.fieldErrors);
          const theirs = result.conflict as ConflictInfo | undefined;
          if (theirs) {
            setConflict({ ...theirs, updatedAt: new Date(theirs.updatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) });
          }
        }
      });
    })();
  }

  function loadTheirs() {
    if (!conflict) return;
    const f = conflict.fields;
    form.setValue('progress', String(f.progress ?? ''));
    form.setValue('percentDone', typeof f.percentDone === 'number' ? f.percentDone : null);
    form.setValue('problems', String(f.problems ?? ''));
    form.setValue('nextSteps', String(f.nextSteps ?? ''));
    setVersion(conflict.version);
    setConflict(null);
    setMessage({ kind: 'success', text: '已载入对方保存的版本' });
  }

  function keepMine() {
    if (!conflict) return;
    setVersion(conflict.version);
    setConflict(null);
    setMessage({ kind: 'success', text: '将以您当前的内容为准，请再次保存' });
  }

  function quote(c: ReportFormProps['contributions'][number]) {
    const current = form.getValues('progress');
    const quoted = `【${c.unitName}】${c.content}`;
    form.setValue('progress', current ? `${current}\n${quoted}` : quoted, { shouldDirty: true });
    form.setFocus('progress');
  }

  const numberField = { setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v)) };

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

      <div className="flex flex-col gap-2">
        <Label htmlFor="progress">
          本月进展 <span className="text-destructive">*</span>
        </Label>
        <textarea id="progress" rows={6} className={TEXTAREA} aria-invalid={!!errors.progress} aria-describedby="progress-error" {...form.register('progress')} />
        {errors.progress && (
          <p id="progress-error" className="text-sm text-destructive">
            {errors.progress.message}
          </p>
        )}
      </div>

      <div className="flex flex-col gap-2 sm:max-w-xs">
        <Label htmlFor="percentDone">
          年度任务完成百分比（0–100） <span className="text-destructive">*</span>
        </Label>
        <Input id="percentDone" type="number" inputMode="numeric" min={0} max={100} step={1} aria-invalid={!!errors.percentDone} aria-describedby="percentDone-error" {...form.register('percentDone', numberField)} />
        {errors.percentDone && (
          <p id="percentDone-error" className="text-sm text-destructive">
            {errors.percentDone.message}
          </p>
        )}
      </div>

      {props.indicators.length > 0 && (
        <fieldset className="flex flex-col gap-3 rounded-lg border p-3">
          <legend className="px-1 font-semibold">目标指标（填写截至本月的累计完成数）</legend>
          {props.indicators.map((ind, i) => {
            const fieldError = errors.indicatorValues?.[i]?.value;
            return (
              <div key={ind.id} className="grid gap-1 sm:grid-cols-[1fr_12rem] sm:items-center">
                <input type="hidden" {...form.register(`indicatorValues.${i}.indicatorId`, { valueAsNumber: true })} />
                <Label htmlFor={`indicator-${ind.id}`} className="leading-snug">
                  {ind.name}
                  <span className="ml-1 font-normal text-muted-foreground">
                    目标 {ind.comparator === 'at_most' ? '≤' : '≥'} {ind.target}
                    {ind.targetMax !== null ? `–${ind.targetMax}` : ''} {ind.unit}
                    {ind.previous !== null ? `，上月 ${ind.previous}` : ''}
                  </span>
                </Label>
                <div className="flex items-center gap-2">
                  <Input id={`indicator-${ind.id}`} type="number" inputMode="decimal" min={0} step="any" aria-invalid={!!fieldError} {...form.register(`indicatorValues.${i}.value`, numberField)} />
                  <span className="shrink-0 text-sm text-muted-foreground">{ind.unit}</span>
                </div>
                {fieldError && <p className="text-sm text-destructive sm:col-span-2">{fieldError.message}</p>}
              </div>
            );
          })}
        </fieldset>
      )}

      <div className="grid gap-4 md:grid-cols-2">
        <div className="flex flex-col gap-2">
          <Label htmlFor="problems">存在问题</Label>
          <textarea id="problems" rows={3} className={TEXTAREA} {...form.register('problems')} />
          {errors.problems && <p className="text-sm text-destructive">{errors.problems.message}</p>}
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="nextSteps">下步打算</Label>
          <textarea id="nextSteps" rows={3} className={TEXTAREA} {...form.register('nextSteps')} />
          {errors.nextSteps && <p className="text-sm text-destructive">{errors.nextSteps.message}</p>}
        </div>
      </div>

      <section aria-labelledby="attachments-title" className="flex flex-col gap-2">
        <h3 id="attachments-title" className="font-semibold">
          佐证材料
        </h3>
        <AttachmentPanel
          target={{ ownerType: 'report', taskId: props.taskId, periodId: props.periodId }}
          initial={props.attachments}
          editable
          maxMb={props.maxMb}
          deleteAction={deleteAttachmentAction}
          onOwnerChange={(owner) => owner.created && setVersion(owner.version)}
        />
      </section>

      {conflict && (
        <div role="alert" className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="conflict">
          <p className="font-semibold">
            {conflict.updatedByName} 于 {conflict.updatedAt} 保存了另一个版本：
          </p>
          <dl className="grid gap-1">
            {Object.entries(conflict.fields).map(([k, v]) => (
              <div key={k} className="grid grid-cols-[6rem_1fr] gap-2">
                <dt className="text-muted-foreground">{CONFLICT_LABELS[k] ?? k.replace(/^indicator:/, '')}</dt>
                <dd className="whitespace-pre-wrap break-words">{v === null || v === '' ? '（空）' : String(v)}</dd>
              </div>
            ))}
          </dl>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="outline" size="sm" onClick={loadTheirs}>
              载入对方版本
            </Button>
            <Button type="button" variant="outline" size="sm" onClick={keepMine}>
              保留我的内容
            </Button>
          </div>
        </div>
      )}

      {message && !conflict && <Alert variant={message.kind === 'success' ? 'success' : 'error'}>{message.text}</Alert>}

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
