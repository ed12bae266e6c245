'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import type { ReviewPlanInput } from '@/lib/milestones/schemas';
import { reviewMilestonePlanAction } from '@/app/(app)/my/milestones/actions';

const resolver = lazyResolver(() => withZodResolver(import('@/lib/milestones/schemas')).then(([zodResolver, m]) => zodResolver(m.reviewPlanSchema)));

/** The office's decision on a submitted plan: 批准, or 退回 with a reason (the lead unit is told). */
export function MilestoneReviewForm({ planId, version }: { planId: number; version: number }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<ReviewPlanInput>({ resolver, defaultValues: { planId, version, decision: 'approve', comment: '' } });
  const error = form.formState.errors.comment?.message;
  const id = `plan-${planId}-comment`;
  const decide = (decision: ReviewPlanInput['decision']) => {
    form.setValue('decision', decision);
    return form.handleSubmit((v) => run(() => reviewMilestonePlanAction({ ...v, decision }), { setError: form.setError }))();
  };
  return (
    <form method="post" onSubmit={(e) => { e.preventDefault(); void decide('approve'); }} onFocus={resolver.preload} className="flex flex-col gap-2" aria-label="审核时间节点计划">
      <FormField id={id} label="审核意见（退回时必填）" error={error}>
        <Input {...fieldAria(id, error)} {...form.register('comment')} />
      </FormField>
      <ActionAlert message={message} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          批准
        </Button>
        <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => void decide('return')}>
          退回
        </Button>
      </div>
    </form>
  );
}
