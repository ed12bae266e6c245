'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { AttachmentItem } from '@/components/attachment-panel';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { noteSchema, respondSchema, sendBackSchema, type NoteInput, type RespondInput, type SendBackInput } from '@/lib/notices/schemas';
import type { Result } from '@/lib/result';
import { deleteAttachmentAction } from '../../attachment-actions';
import { acceptAction, addNoteAction, closeNoticeAction, respondAction, sendBackAction } from '../actions';
import { AttachmentPanel } from '@/components/attachment-panel';

const TEXTAREA =
  'min-h-24 w-full rounded-md border border-input bg-background px-3 py-2 text-base focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive md:text-sm';

type Message = { kind: 'success' | 'error'; text: string } | null;

function Feedback({ message }: { message: Message }) {
  if (!message) return null;
  return <Alert variant={message.kind === 'success' ? 'success' : 'error'}>{message.text}</Alert>;
}

/** Runs an action, shows its message and reloads the page's data on success. */
function useActionRunner() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message>(null);
  function run(action: () => Promise<Result>, onError?: (result: Extract<Result, { ok: false }>) => void, onSuccess?: () => void) {
    setMessage(null);
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        setMessage({ kind: 'success', text: result.message ?? '已保存' });
        onSuccess?.();
        router.refresh();
      } else {
        setMessage({ kind: 'error', text: result.error });
        onError?.(result);
      }
    });
  }
  return { pending, message, run };
}

/** 整改情况: the addressed unit's answer, with its evidence. */
export function RespondForm(props: {
  noticeId: number;
  targetId: number;
  defaultResponse: string;
  attachments: AttachmentItem[];
  maxMb: number;
  resubmit: boolean;
}) {
  const { pending, message, run } = useActionRunner();
  const form = useForm<RespondInput>({ resolver: zodResolver(respondSchema), defaultValues: { targetId: props.targetId, response: props.defaultResponse } });
  const { errors } = form.formState;
  const fieldId = `response-${props.targetId}`;

  return (
    <form method="post"
      className="flex flex-col gap-4"
      noValidate
      aria-label="报送整改情况"
      onSubmit={form.handleSubmit((values) =>
        run(
          () => respondAction(values),
          (r) => r.fieldErrors?.response?.[0] && form.setError('response', { message: r.fieldErrors.response[0] }),
        ),
      )}
    >
      <div className="flex flex-col gap-2">
        <Label htmlFor={fieldId}>
          整改情况 <span className="text-destructive">*</span>
        </Label>
        <p className="text-xs text-muted-foreground">写明针对每项问题采取的措施、完成情况和长效机制。报送后在督查室审核前不能修改。</p>
        <textarea
          id={fieldId}
          rows={6}
          className={TEXTAREA}
          aria-invalid={!!errors.response}
          aria-describedby={`${fieldId}-error`}
          {...form.register('response')}
        />
        {errors.response && (
          <p id={`${fieldId}-error`} className="text-sm text-destructive">
            {errors.response.message}
          </p>
        )}
      </div>
      <section aria-labelledby={`evidence-${props.targetId}`} className="flex flex-col gap-2">
        <h4 id={`evidence-${props.targetId}`} className="text-sm font-semibold">
          佐证材料
        </h4>
        <AttachmentPanel target={{ ownerType: 'notice_response', noticeTargetId: props.targetId }} initial={props.attachments} editable deleteAction={deleteAttachmentAction} maxMb={props.maxMb} />
      </section>
      <Feedback message={message} />
      <div>
        <Button type="submit" disabled={pending}>
          {props.resubmit ? '重新报送整改情况' : '报送整改情况'}
        </Button>
      </div>
    </form>
  );
}

/** 认可 or 退回 (with the reason) one unit's answer. */
export function ReviewControls({ targetId, unitName }: { targetId: number; unitName: string }) {
  const { pending, message, run } = useActionRunner();
  const [sendingBack, setSendingBack] = useState(false);
  const form = useForm<SendBackInput>({ resolver: zodResolver(sendBackSchema), defaultValues: { targetId, comment: '' } });
  const { errors } = form.formState;
  const fieldId = `send-back-${targetId}`;

  return (
    <div className="flex flex-col gap-3 rounded-md border border-dashed p-3">
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={pending} onClick={() => run(() => acceptAction({ targetId }))} aria-label={`认可${unitName}的整改情况`}>
          认可
        </Button>
        {!sendingBack && (
          <Button type="button" variant="outline" disabled={pending} onClick={() => setSendingBack(true)} aria-label={`退回${unitName}的整改情况`}>
            退回
          </Button>
        )}
      </div>
      {sendingBack && (
        <form method="post"
          className="flex flex-col gap-2"
          noValidate
          aria-label={`退回${unitName}的整改情况`}
          onSubmit={form.handleSubmit((values) =>
            run(
              () => sendBackAction(values),
              (r) => r.fieldErrors?.comment?.[0] && form.setError('comment', { message: r.fieldErrors.comment[0] }),
            ),
          )}
        >
          <Label htmlFor={fieldId}>
            退回意见 <span className="text-destructive">*</span>
          </Label>
          <textarea id={fieldId} rows={3} className={TEXTAREA} aria-invalid={!!errors.comment} aria-describedby={`${fieldId}-error`} {...form.register('comment')} />
          {errors.comment && (
            <p id={`${fieldId}-error`} className="text-sm text-destructive">
              {errors.comment.message}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="destructive" disabled={pending}>
              确认退回
            </Button>
            <Button type="button" variant="ghost" onClick={() => setSendingBack(false)}>
              取消
            </Button>
          </div>
        </form>
      )}
      <Feedback message={message} />
    </div>
  );
}

/** 办结: refused by the service while a unit has not answered. */
export function CloseNoticeButton({ noticeId, waitingForReview }: { noticeId: number; waitingForReview: number }) {
  const { pending, message, run } = useActionRunner();
  function onClick() {
    const extra = waitingForReview > 0 ? `尚有 ${waitingForReview} 个单位的整改情况待审核，办结时将一并认可。` : '';
    if (!window.confirm(`${extra}办结后不能再修改，确定办结该督办单吗？`)) return;
    run(() => closeNoticeAction({ noticeId }));
  }
  return (
    <div className="flex flex-col gap-2">
      <div>
        <Button type="button" disabled={pending} onClick={onClick}>
          办结
        </Button>
      </div>
      <Feedback message={message} />
    </div>
  );
}

/** 约谈记录 or a note. */
export function NoteForm({ noticeId }: { noticeId: number }) {
  const { pending, message, run } = useActionRunner();
  const form = useForm<NoteInput>({ resolver: zodResolver(noteSchema), defaultValues: { noticeId, kind: 'interview', content: '' } });
  const { errors } = form.formState;
  return (
    <form method="post"
      className="flex flex-col gap-3"
      noValidate
      aria-label="添加约谈记录或备注"
      onSubmit={form.handleSubmit((values) =>
        run(
          () => addNoteAction(values),
          (r) => r.fieldErrors?.content?.[0] && form.setError('content', { message: r.fieldErrors.content[0] }),
          () => form.reset({ noticeId, kind: values.kind, content: '' }),
        ),
      )}
    >
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">记录类型</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="interview" className="h-4 w-4 accent-primary" {...form.register('kind')} />
          约谈记录
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="note" className="h-4 w-4 accent-primary" {...form.register('kind')} />
          备注
        </label>
      </fieldset>
      <div className="flex flex-col gap-2">
        <Label htmlFor="note-content">
          记录内容 <span className="text-destructive">*</span>
        </Label>
        <textarea id="note-content" rows={3} className={TEXTAREA} aria-invalid={!!errors.content} aria-describedby="note-content-error" {...form.register('content')} />
        {errors.content && (
          <p id="note-content-error" className="text-sm text-destructive">
            {errors.content.message}
          </p>
        )}
      </div>
      <Feedback message={message} />
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          保存记录
        </Button>
      </div>
    </form>
  );
}
