'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { reviewDecisionSchema, type ReviewDecisionInput } from '@/lib/review/schemas';
import { reviewAction } from '../../actions';

/** 通过 / 退回 (退回 needs a comment; the same schema runs in the action). */
export function DecisionForm({ kind, id, version }: { kind: 'report' | 'contribution'; id: number; version: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ReviewDecisionInput>({
    resolver: zodResolver(reviewDecisionSchema),
    defaultValues: { kind, id, version, decision: 'approve', comment: '' },
  });
  const { errors } = form.formState;

  const decide = (decision: 'approve' | 'return') => {
    form.setValue('decision', decision);
    return form.handleSubmit((values) =>
      startTransition(async () => {
        const r = await reviewAction(values);
        if (r.ok) {
          setMessage({ ok: true, text: r.message });
          router.refresh();
        } else {
          setMessage({ ok: false, text: r.error });
          if (r.fieldErrors?.comment?.[0]) form.setError('comment', { message: r.fieldErrors.comment[0] });
        }
      }),
    )();
  };

  return (
    <form method="post" className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()} aria-label="审核意见">
      <div className="flex flex-col gap-2">
        <Label htmlFor="comment">审核意见（退回时必填，单位将在报告顶部看到）</Label>
        <textarea
          id="comment"
          rows={3}
          className="w-full rounded-md border border-input bg-background px-3 py-2 text-base focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive md:text-sm"
          aria-invalid={!!errors.comment}
          aria-describedby="comment-error"
          {...form.register('comment')}
        />
        {errors.comment && (
          <p id="comment-error" className="text-sm text-destructive">
            {errors.comment.message}
          </p>
        )}
      </div>
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
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
