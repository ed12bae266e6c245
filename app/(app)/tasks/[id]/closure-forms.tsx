'use client';

import { useForm } from 'react-hook-form';
import { deleteAttachmentAction } from '@/app/(app)/attachment-actions';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { AttachmentPanel, type AttachmentItem } from '@/components/attachment-panel';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import type { ClosureDecisionInput, ClosureRequestInput, ReopenTaskInput } from '@/lib/lifecycle/schemas';
import { decideClosureAction, reopenTaskAction, requestClosureAction } from './closure-actions';

// The shared schemas (and zod) load on first validation, not with the page.
const closureDecisionResolver = lazyResolver(() => withZodResolver(import('@/lib/lifecycle/schemas')).then(([zodResolver, m]) => zodResolver(m.closureDecisionSchema)));
const closureRequestResolver = lazyResolver(() => withZodResolver(import('@/lib/lifecycle/schemas')).then(([zodResolver, m]) => zodResolver(m.closureRequestSchema)));
const reopenTaskResolver = lazyResolver(() => withZodResolver(import('@/lib/lifecycle/schemas')).then(([zodResolver, m]) => zodResolver(m.reopenTaskSchema)));

/** 申请办结: the lead unit says what was done. */
export function ClosureRequestForm({ taskId }: { taskId: number }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<ClosureRequestInput>({ resolver: closureRequestResolver, defaultValues: { taskId, summary: '' } });
  const error = form.formState.errors.summary?.message;
  const onSubmit = form.handleSubmit((v) => run(() => requestClosureAction(v), { okText: '已提交办结申请', setError: form.setError }));
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-2" aria-label="申请办结">
      <ActionAlert message={message} />
      <FormField id="closure-summary" label="完成情况" required error={error} hint="说明任务完成情况；提交后可上传佐证材料">
        <Textarea rows={3} {...fieldAria('closure-summary', error, true)} {...form.register('summary')} />
      </FormField>
      <div>
        <Button type="submit" disabled={pending}>
          申请办结
        </Button>
      </div>
    </form>
  );
}

/** 办结审核: the office approves (the task is closed) or returns with a reason. */
export function ClosureDecisionForm({ requestId, idPrefix = 'closure' }: { requestId: number; idPrefix?: string }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<ClosureDecisionInput>({ resolver: closureDecisionResolver, defaultValues: { requestId, decision: 'approve', comment: '' } });
  const error = form.formState.errors.comment?.message;
  const id = `${idPrefix}-comment-${requestId}`;
  const decide = (decision: ClosureDecisionInput['decision']) => {
    form.setValue('decision', decision);
    void form.handleSubmit((v) => run(() => decideClosureAction(v), { okText: decision === 'approve' ? '已办结' : '已退回', setError: form.setError }))();
  };
  return (
    <form method="post" onSubmit={(e) => e.preventDefault()} className="flex flex-col gap-2" aria-label="办结审核">
      <ActionAlert message={message} />
      <FormField id={id} label="审核意见" error={error} hint="退回时必填">
        <Input {...fieldAria(id, error, true)} {...form.register('comment')} />
      </FormField>
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={pending} onClick={() => decide('approve')}>
          同意办结
        </Button>
        <Button type="button" variant="outline" disabled={pending} onClick={() => decide('return')}>
          退回
        </Button>
      </div>
    </form>
  );
}

/** 撤销办结: the office reopens a closed task, with a reason. */
export function ReopenForm({ taskId }: { taskId: number }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<ReopenTaskInput>({ resolver: reopenTaskResolver, defaultValues: { taskId, reason: '' } });
  const error = form.formState.errors.reason?.message;
  const onSubmit = form.handleSubmit((v) => run(() => reopenTaskAction(v), { okText: '已重新启动', setError: form.setError }));
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="撤销办结">
      <FormField id="reopen-reason" label="重新启动理由" error={error} className="flex-1">
        <Input {...fieldAria('reopen-reason', error)} {...form.register('reason')} />
      </FormField>
      <Button type="submit" variant="outline" disabled={pending}>
        撤销办结
      </Button>
      <ActionAlert message={message} />
    </form>
  );
}

/** 佐证材料 of the unit's own waiting application: upload and remove until it is decided. */
export function ClosureEvidencePanel({ requestId, initial, maxMb }: { requestId: number; initial: AttachmentItem[]; maxMb: number }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs font-medium">佐证材料</span>
      <AttachmentPanel target={{ ownerType: 'closure_request', closureRequestId: requestId }} initial={initial} editable deleteAction={deleteAttachmentAction} maxMb={maxMb} />
    </div>
  );
}
