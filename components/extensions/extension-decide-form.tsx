'use client';

import { useState } from 'react';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { decideExtensionAction, leaderDecideExtensionAction, withdrawExtensionAction } from '@/app/(app)/extension-actions';

/** 批准 / 不批准 with a comment (required to refuse): the office's decision, or a leader's on a long extension. */
export function ExtensionDecideForm({ requestId, by }: { requestId: number; by: 'office' | 'leader' }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = `ext-${requestId}-comment`;
  // The schema (zod) loads on the first decision, not with the page (see components/lazy-resolver.ts).
  const decide = async (decision: 'approve' | 'refuse') => {
    const { decideExtensionSchema } = await import('@/lib/extensions/schemas');
    const parsed = decideExtensionSchema.safeParse({ requestId, decision, comment });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    run(() => (by === 'office' ? decideExtensionAction(parsed.data) : leaderDecideExtensionAction(parsed.data)));
  };
  return (
    <form method="post" onSubmit={(e) => e.preventDefault()} className="flex flex-col gap-2" aria-label={`审批延期申请 ${requestId}`}>
      <FormField id={id} label={by === 'office' ? '审核意见' : '审批意见'} error={error} hint="不批准时必填">
        <Input {...fieldAria(id, error, true)} value={comment} onChange={(e) => setComment(e.target.value)} />
      </FormField>
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={pending} onClick={() => void decide('approve')}>
          {by === 'office' ? '同意延期' : '批准延期'}
        </Button>
        <Button type="button" variant="outline" disabled={pending} onClick={() => void decide('refuse')}>
          不予批准
        </Button>
      </div>
      <ActionAlert message={message} />
    </form>
  );
}

/** 撤回: the unit takes back its own request while it waits. */
export function WithdrawExtensionButton({ requestId }: { requestId: number }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  return (
    <span className="inline-flex flex-col gap-1">
      <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => run(() => withdrawExtensionAction({ requestId }))}>
        撤回申请
      </Button>
      <ActionAlert message={message} />
    </span>
  );
}
