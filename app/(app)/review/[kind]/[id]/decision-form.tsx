'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { ReviewDecisionInput } from '@/lib/review/schemas';
import { reviewAction } from '../../actions';

// The shared schemas (and zod) load on first validation, not with the page.
const reviewDecisionResolver = lazyResolver(() => withZodResolver(import('@/lib/review/schemas')).then(([zodResolver, m]) => zodResolver(m.reviewDecisionSchema)));

/** 通过 / 退回 (退回 needs a comment; the same schema runs in the action). */
export function DecisionForm({ kind, id, version }: { kind: 'report' | 'contribution'; id: number; version: number }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<ReviewDecisionInput>({
    resolver: reviewDecisionResolver,
    defaultValues: { kind, id, version, decision: 'approve', comment: '' },
  });
  const error = form.formState.errors.comment?.message;

  const decide = (decision: 'approve' | 'return') => {
    form.setValue('decision', decision);
    return form.handleSubmit((values) => run(() => reviewAction(values), { setError: form.setError }))();
  };

  return (
    <form method="post" className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()} aria-label="审核意见">
      <FormField id="comment" label="审核意见（退回时必填，单位将在报告顶部看到）" error={error}>
        <Textarea rows={3} {...fieldAria('comment', error)} {...form.register('comment')} />
      </FormField>
      <ActionAlert message={message} />
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={pending} onClick={() => decide('approve')}>
          通过
        </Button>
        <Button type="button" variant="outline" disabled={pending} onClick={() => decide('return')}>
          退回
        </Button>
      </div>
    </form>
  );
}
