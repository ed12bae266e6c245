'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormFooter, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { requestExtensionAction } from '@/app/(app)/extension-actions';
import type { RequestExtensionInput } from '@/lib/extensions/schemas';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => withZodResolver(import('@/lib/extensions/schemas')).then(([zodResolver, m]) => zodResolver(m.requestExtensionSchema)));

export type ExtensionFormTarget = {
  subject: RequestExtensionInput['subject'];
  taskId: number;
  milestoneId?: number;
  noticeId?: number;
  periodId?: number;
};

/**
 * 申请延期: the new date and the reason, for one date of the unit's own (the target is fixed by the
 * page). Folded until asked for; `idPrefix` keeps several forms on one page apart.
 */
export function ExtensionRequestForm({ target, dateInForce, label, idPrefix }: { target: ExtensionFormTarget; dateInForce: string; label: string; idPrefix: string }) {
  const [open, setOpen] = useState(false);
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<RequestExtensionInput>({ resolver, defaultValues: { ...target, toDate: '', reason: '' } });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) => run(() => requestExtensionAction(v), { setError: form.setError, onOk: () => form.reset({ ...target, toDate: '', reason: '' }) }));
  const dateId = `${idPrefix}-to`;
  const reasonId = `${idPrefix}-reason`;
  if (!open) {
    return (
      <div className="flex flex-col gap-2">
        {message && <p className={message.ok ? 'text-sm text-green-700' : 'text-sm text-destructive'} role="status">{message.text}</p>}
        <div>
          <button type="button" className="rounded-md border border-primary px-3 py-1.5 text-sm text-primary hover:bg-primary/5" onClick={() => setOpen(true)} aria-expanded={false}>
            申请延期
          </button>
        </div>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submit} onFocus={resolver.preload} className="flex flex-col gap-3 rounded-md border bg-muted/30 p-3" aria-label={`申请延期：${label}`}>
      <p className="text-sm">
        {label}现行日期 <span className="font-medium tabular-nums">{dateInForce}</span>
      </p>
      <FormField id={dateId} label="延期至" required error={errors.toDate?.message} className="sm:max-w-xs">
        <Input type="date" min={dateInForce} {...fieldAria(dateId, errors.toDate?.message)} {...form.register('toDate')} />
      </FormField>
      <FormField id={reasonId} label="延期理由及依据" required error={errors.reason?.message} hint="说明延期的原因和依据（证明材料可在说明中列明）">
        <Textarea rows={3} {...fieldAria(reasonId, errors.reason?.message, true)} {...form.register('reason')} />
      </FormField>
      <div className="flex flex-wrap items-center gap-2">
        <FormFooter message={message} pending={pending}>
          提交延期申请
        </FormFooter>
        <button type="button" className="text-sm text-muted-foreground hover:underline" onClick={() => setOpen(false)}>
          取消
        </button>
      </div>
    </form>
  );
}
