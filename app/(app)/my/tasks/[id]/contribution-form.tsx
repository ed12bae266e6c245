'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import type { AttachmentItem } from '@/components/attachment-panel';
import { Button } from '@/components/ui/button';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import type { ConflictInfo } from '@/lib/reporting/lead-report-service';
import { CONTRIBUTION_FIELDS } from '@/lib/reporting/report-fields';
import type { ContributionDraftInput } from '@/lib/reporting/schemas';
import { saveContributionAction } from './actions';
import { MonthEvidence, monthRequest, ReportTextField } from './form-parts';

// The shared schemas (and zod with them) are loaded when the form is first validated, not with the page.
const loadSchemas = () => import('@/lib/reporting/schemas');
const resolver = lazyResolver(() => withZodResolver(loadSchemas()).then(([zodResolver, m]) => zodResolver(m.contributionDraftSchema)));

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
  const [version, setVersion] = useState(props.version);
  // No refresh after a draft save (the form holds its state); a submission's answer carries the re-rendered page (the action revalidates it).
  const { message, pending, run, setMessage } = useActionMessage();
  const form = useForm<ContributionDraftInput>({
    resolver,
    defaultValues: { taskId: props.taskId, periodId: props.periodId, version: props.version, content: props.content },
  });
  const { errors } = form.formState;

  function send(intent: 'save' | 'submit') {
    return form.handleSubmit(async (values) => {
      setMessage(null);
      const request = await monthRequest({ ...values, version }, intent, async () => (await loadSchemas()).contributionSubmitSchema, form.setError);
      if (!request) return;
      run(() => saveContributionAction(request), {
        setError: form.setError,
        onOk: (result) => setVersion(result.version),
        onFail: (result) => {
          const theirs = result.conflict as ConflictInfo | undefined;
          if (theirs) {
            form.setValue('content', String(theirs.fields.content ?? ''));
            setVersion(theirs.version);
          }
        },
      });
    })();
  }

  return (
    <form method="post" className="flex flex-col gap-4" noValidate onSubmit={(e) => e.preventDefault()} onFocus={resolver.preload} aria-label="协办情况">
      <ReportTextField
        spec={CONTRIBUTION_FIELDS.content}
        registration={form.register('content')}
        error={errors.content?.message}
        intro={<p className="text-xs text-muted-foreground">报送后由牵头单位（{props.leadNames}）汇总进月度进展。</p>}
      />
      <MonthEvidence headingId="part-attachments" target={{ ownerType: 'contribution', taskId: props.taskId, periodId: props.periodId }} attachments={props.attachments} maxMb={props.maxMb} onVersion={setVersion} />
      <ActionAlert message={message} />
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
