'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { AttachmentPanel, type AttachmentItem } from '@/components/attachment-panel';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { lazyResolver } from '@/components/lazy-resolver';
import type { ConflictInfo } from '@/lib/reporting/lead-report-service';
import type { ContributionDraftInput } from '@/lib/reporting/schemas';
import { deleteAttachmentAction } from '../../../attachment-actions';
import { saveContributionAction } from './actions';

// The shared schemas (and zod with them) are loaded when the form is first validated, not with the page.
const loadSchemas = () => import('@/lib/reporting/schemas');
const resolver = lazyResolver(() => loadSchemas().then((m) => zodResolver(m.contributionDraftSchema)));

const TEXTAREA =
  'min-h-32 w-full rounded-md border border-input bg-background px-3 py-2 text-base focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive md:text-sm';

/** 协办反馈: a participating unit's short part for the lead unit, with evidence. */
export function ContributionForm(props: {
  taskId: number;
  periodId: number;
  version: number;
  content: string;
  leadNames: string;
  attachments: AttachmentItem[];
  maxMb: number;
}) {
  const router = useRouter();
  const [version, setVersion] = useState(props.version);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ContributionDraftInput>({
    resolver,
    defaultValues: { taskId: props.taskId, periodId: props.periodId, version: props.version, content: props.content },
  });
  const { errors } = form.formState;

  function send(intent: 'save' | 'submit') {
    return form.handleSubmit(async (values) => {
      setMessage(null);
      const input = { ...values, version };
      let request: Parameters<typeof saveContributionAction>[0] = { ...input, intent: 'save' };
      if (intent === 'submit') {
        const { contributionSubmitSchema } = await loadSchemas();
        const strict = contributionSubmitSchema.safeParse(input);
        if (!strict.success) {
          form.setError('content', { message: strict.error.issues[0]?.message });
          return;
        }
        request = { ...strict.data, intent: 'submit' };
      }
      startTransition(async () => {
        const result = await saveContributionAction(request);
        if (result.ok) {
          setVersion(result.version);
          setMessage({ kind: 'success', text: result.message });
          router.refresh();
        } else {
          setMessage({ kind: 'error', text: result.error });
          if (result.fieldErrors?.content?.[0]) form.setError('content', { message: result.fieldErrors.content[0] });
          const theirs = result.conflict as ConflictInfo | undefined;
          if (theirs) {
            form.setValue('content', String(theirs.fields.content ?? ''));
            setVersion(theirs.version);
          }
        }
      });
    })();
  }

  return (
    <form method="post" className="flex flex-col gap-4" noValidate onSubmit={(e) => e.preventDefault()} onFocus={resolver.preload} aria-label="协办情况">
      <div className="flex flex-col gap-2">
        <Label htmlFor="content">
          本单位协办情况 <span className="text-destructive">*</span>
        </Label>
        <p className="text-xs text-muted-foreground">报送后由牵头单位（{props.leadNames}）汇总进月度进展。</p>
        <textarea id="content" rows={6} className={TEXTAREA} aria-invalid={!!errors.content} aria-describedby="content-error" {...form.register('content')} />
        {errors.content && (
          <p id="content-error" className="text-sm text-destructive">
            {errors.content.message}
          </p>
        )}
      </div>
      <section aria-labelledby="part-attachments" className="flex flex-col gap-2">
        <h3 id="part-attachments" className="font-semibold">
          佐证材料
        </h3>
        <AttachmentPanel
          target={{ ownerType: 'contribution', taskId: props.taskId, periodId: props.periodId }}
          initial={props.attachments}
          editable
          maxMb={props.maxMb}
          deleteAction={deleteAttachmentAction}
          onOwnerChange={(owner) => owner.created && setVersion(owner.version)}
        />
      </section>
      {message && <Alert variant={message.kind === 'success' ? 'success' : 'error'}>{message.text}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" disabled={pending} onClick={() => send('save')}>
          保存草稿
        </Button>
        <Button type="button" disabled={pending} onClick={() => send('submit')}>
          报送给牵头单位
        </Button>
      </div>
    </form>
  );
}
