'use client';

import { useState, useTransition } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { UnitSuggestions } from '@/lib/plan-import/suggest-units';
import { assignTaskAction } from '../../actions';

type Values = { lead: string; participating: string; leaders: string; deadline: string };
// A row checks what the action checks, less the task id (the row knows it); the schema (and zod) load
// on first validation, not with the page.
const rowResolver = lazyResolver(() =>
  withZodResolver(import('@/lib/plans/plan-schemas')).then(([zodResolver, m]) => zodResolver(m.taskAssignmentSchema.omit({ taskId: true }))),
);

/** One task of the decomposition table: its units, leaders and deadline, saved on its own. */
export function DecomposeRow({ task, values, suggestions }: { task: { id: number; no: number; label: string; title: string; text: string }; values: Values; suggestions: UnitSuggestions | null }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({ resolver: rowResolver as never, defaultValues: values });
  const { errors, isDirty } = form.formState;
  const fieldId = (name: keyof Values) => `t${task.id}-${name}`;

  const save = form.handleSubmit(() =>
    startTransition(async () => {
      const raw = form.getValues();
      const r = await assignTaskAction({ taskId: task.id, ...raw });
      if (r.ok) {
        const data = 'data' in r ? r.data : undefined;
        const saved = data ? { ...raw, lead: data.lead.join('、'), participating: data.participating.join('、') } : raw;
        form.reset(saved);
        setMessage({ ok: true, text: r.message ?? '已保存' });
      } else {
        setMessage({ ok: false, text: r.error });
        for (const [field, msgs] of Object.entries(('fieldErrors' in r && r.fieldErrors) || {})) {
          if (msgs?.[0]) form.setError(field as Path<Values>, { message: msgs[0] });
        }
      }
    }),
  );

  const fill = (name: 'lead' | 'participating', unit: string) => {
    const current = form.getValues(name).split(/[、，,;；\s]+/u).filter(Boolean);
    if (!current.includes(unit)) form.setValue(name, [...current, unit].join('、'), { shouldDirty: true });
  };

  const input = (name: keyof Values, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={fieldId(name)} className="text-xs text-muted-foreground">
        {label}
      </label>
      <Input id={fieldId(name)} className="h-9" aria-invalid={!!errors[name]} aria-describedby={errors[name] ? `${fieldId(name)}-err` : undefined} {...props} {...form.register(name)} />
      {errors[name] && (
        <p id={`${fieldId(name)}-err`} className="text-xs text-destructive">
          {errors[name]?.message}
        </p>
      )}
    </div>
  );

  return (
    <form method="post" onSubmit={save} noValidate aria-label={`分解${task.label}`} className="flex flex-col gap-2">
      <p className="text-sm">
        <span className="mr-1 font-mono text-muted-foreground">{task.no}.</span>
        <span className="font-medium">{task.title}</span>
      </p>
      <details className="text-xs text-muted-foreground">
        <summary className="cursor-pointer">任务全文</summary>
        <p className="mt-1 whitespace-pre-wrap leading-6">{task.text}</p>
      </details>
      {suggestions && (suggestions.lead.length > 0 || suggestions.participating.length > 0) && (
        <p className="flex flex-wrap items-center gap-1 text-xs" data-testid="suggestions">
          <span className="text-muted-foreground">建议：</span>
          {suggestions.lead.map((s) => (
            <button key={`l${s.name}`} type="button" title={s.reason} onClick={() => fill('lead', s.name)} className="rounded border border-dashed border-primary px-1.5 py-0.5 text-primary hover:bg-primary/5">
              牵头 {s.name}
            </button>
          ))}
          {suggestions.participating.map((s) => (
            <button key={`p${s.name}`} type="button" title={s.reason} onClick={() => fill('participating', s.name)} className="rounded border border-dashed px-1.5 py-0.5 hover:bg-muted">
              参与 {s.name}
            </button>
          ))}
        </p>
      )}
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-[1fr_1.4fr_0.8fr_9rem_auto] lg:items-end">
        {input('lead', '牵头单位', { list: 'unit-names', placeholder: '如：区发改局' })}
        {input('participating', '参与单位', { list: 'unit-names' })}
        {input('leaders', '责任领导')}
        {input('deadline', '完成时限', { type: 'date' })}
        <Button type="submit" size="sm" variant={isDirty ? 'default' : 'outline'} disabled={pending}>
          {pending ? '保存中…' : '保存'}
        </Button>
      </div>
      {message && (
        <p className={message.ok ? 'text-xs text-emerald-700' : 'text-xs text-destructive'} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}
