'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ActionAlert, FormFooter, useActionMessage } from '@/components/action-message';
import { EvidenceSection, type AttachmentItem } from '@/components/attachment-panel';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import { NOTE_KIND_LABELS } from '@/lib/notices/labels';
import type { NoteInput, RespondInput, SendBackInput } from '@/lib/notices/schemas';
import { deleteAttachmentAction } from '../../attachment-actions';
import { acceptAction, addNoteAction, closeNoticeAction, respondAction, sendBackAction } from '../actions';

// The shared schemas (and zod) load on first validation, not with the page.
const noteResolver = lazyResolver(() => withZodResolver(import('@/lib/notices/schemas')).then(([zodResolver, m]) => zodResolver(m.noteSchema)));
const respondResolver = lazyResolver(() => withZodResolver(import('@/lib/notices/schemas')).then(([zodResolver, m]) => zodResolver(m.respondSchema)));
const sendBackResolver = lazyResolver(() => withZodResolver(import('@/lib/notices/schemas')).then(([zodResolver, m]) => zodResolver(m.sendBackSchema)));

/** Every action here changes what the page shows: reload its data after a success. */
const useNoticeAction = () => useActionMessage({ refresh: true });

/** 整改情况: the addressed unit's answer, with its evidence. */
export function RespondForm(props: {
  noticeId: number;
  targetId: number;
  defaultResponse: string;
  attachments: AttachmentItem[];
  maxMb: number;
  resubmit: boolean;
}) {
  const { pending, message, run } = useNoticeAction();
  const form = useForm<RespondInput>({ resolver: respondResolver, defaultValues: { targetId: props.targetId, response: props.defaultResponse } });
  const error = form.formState.errors.response?.message;
  const fieldId = `response-${props.targetId}`;

  return (
    <form method="post"
      className="flex flex-col gap-4"
      noValidate
      aria-label="报送整改情况"
      onSubmit={form.handleSubmit((values) => run(() => respondAction(values), { setError: form.setError }))}
    >
      <FormField id={fieldId} label="整改情况" required error={error}>
        <p className="text-xs text-muted-foreground">写明针对每项问题采取的措施、完成情况和长效机制。报送后在督查室审核前不能修改。</p>
        <Textarea rows={6} className="min-h-24" {...fieldAria(fieldId, error)} {...form.register('response')} />
      </FormField>
      <EvidenceSection
        headingId={`evidence-${props.targetId}`}
        level={4}
        target={{ ownerType: 'notice_response', noticeTargetId: props.targetId }}
        initial={props.attachments}
        editable
        deleteAction={deleteAttachmentAction}
        maxMb={props.maxMb}
      />
      <FormFooter message={message} pending={pending}>
        {props.resubmit ? '重新报送整改情况' : '报送整改情况'}
      </FormFooter>
    </form>
  );
}

/** 认可 or 退回 (with the reason) one unit's answer. */
export function ReviewControls({ targetId, unitName }: { targetId: number; unitName: string }) {
  const { pending, message, run } = useNoticeAction();
  const [sendingBack, setSendingBack] = useState(false);
  const form = useForm<SendBackInput>({ resolver: sendBackResolver, defaultValues: { targetId, comment: '' } });
  const error = form.formState.errors.comment?.message;
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
          onSubmit={form.handleSubmit((values) => run(() => sendBackAction(values), { setError: form.setError }))}
        >
          <FormField id={fieldId} label="退回意见" required error={error}>
            <Textarea rows={3} className="min-h-24" {...fieldAria(fieldId, error)} {...form.register('comment')} />
          </FormField>
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
      <ActionAlert message={message} />
    </div>
  );
}

/** 办结: refused by the service while a unit has not answered. */
export function CloseNoticeButton({ noticeId, waitingForReview }: { noticeId: number; waitingForReview: number }) {
  const { pending, message, run } = useNoticeAction();
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
      <ActionAlert message={message} />
    </div>
  );
}

/** 约谈记录 or a note. */
export function NoteForm({ noticeId }: { noticeId: number }) {
  const { pending, message, run } = useNoticeAction();
  const form = useForm<NoteInput>({ resolver: noteResolver, defaultValues: { noticeId, kind: 'interview', content: '' } });
  const error = form.formState.errors.content?.message;
  return (
    <form method="post"
      className="flex flex-col gap-3"
      noValidate
      aria-label="添加约谈记录或备注"
      onSubmit={form.handleSubmit((values) =>
        run(() => addNoteAction(values), { setError: form.setError, onOk: () => form.reset({ noticeId, kind: values.kind, content: '' }) }),
      )}
    >
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">记录类型</legend>
        {(Object.keys(NOTE_KIND_LABELS) as NoteInput['kind'][]).map((kind) => (
          <label key={kind} className="flex items-center gap-2 text-sm">
            <input type="radio" value={kind} className="h-4 w-4 accent-primary" {...form.register('kind')} />
            {NOTE_KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <FormField id="note-content" label="记录内容" required error={error}>
        <Textarea rows={3} className="min-h-24" {...fieldAria('note-content', error)} {...form.register('content')} />
      </FormField>
      <FormFooter message={message} pending={pending} variant="outline">
        保存记录
      </FormFooter>
    </form>
  );
}
