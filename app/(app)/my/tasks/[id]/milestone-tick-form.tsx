'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import type { TickMilestoneInput } from '@/lib/milestones/schemas';
import { tickMilestoneAction, untickMilestoneAction } from '@/app/(app)/my/milestones/actions';

const resolver = lazyResolver(() => withZodResolver(import('@/lib/milestones/schemas')).then(([zodResolver, m]) => zodResolver(m.tickMilestoneSchema)));

/** 标记完成: the day it was done and the evidence (what was delivered, where it can be checked). */
export function MilestoneTickForm({ milestoneId, deliverable, today }: { milestoneId: number; deliverable: string; today: string }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<TickMilestoneInput>({ resolver, defaultValues: { milestoneId, doneOn: today, evidence: '' } });
  const { errors } = form.formState;
  const id = (name: string) => `tick-${milestoneId}-${name}`;
  const onSubmit = form.handleSubmit((v) => run(() => tickMilestoneAction(v), { setError: form.setError }));
  return (
    <form method="post" onSubmit={onSubmit} onFocus={resolver.preload} className="mt-1 flex flex-col gap-2 rounded-md bg-muted/40 p-2" aria-label={`标记“${deliverable}”完成`}>
      <div className="grid gap-2 sm:grid-cols-[9.5rem_1fr]">
        <FormField id={id('doneOn')} label="完成日期" error={errors.doneOn?.message}>
          <Input {...fieldAria(id('doneOn'), errors.doneOn?.message)} type="date" max={today} {...form.register('doneOn')} />
        </FormField>
        <FormField id={id('evidence')} label="完成情况及佐证" error={errors.evidence?.message}>
          <Textarea {...fieldAria(id('evidence'), errors.evidence?.message)} rows={2} placeholder="如：立项批复文号、验收报告名称" {...form.register('evidence')} />
        </FormField>
      </div>
      <ActionAlert message={message} />
      <div>
        <Button type="submit" size="sm" disabled={pending}>
          标记完成
        </Button>
      </div>
    </form>
  );
}

/** 撤销完成: only offered while the month is open and the report not sent. */
export function MilestoneUntickButton({ milestoneId, deliverable }: { milestoneId: number; deliverable: string }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  return (
    <div className="flex flex-col gap-1">
      <div>
        <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => run(() => untickMilestoneAction({ milestoneId }))} aria-label={`撤销“${deliverable}”的完成标记`}>
          撤销完成
        </Button>
      </div>
      <ActionAlert message={message} />
    </div>
  );
}
