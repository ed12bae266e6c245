import type { FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from 'react-hook-form';
import type { ZodType } from 'zod';
import { EvidenceSection, type AttachmentItem, type UploadTarget } from '@/components/attachment-panel';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import { formLabelOf, type ReportFieldSpec } from '@/lib/reporting/report-fields';
import { deleteAttachmentAction } from '../../../attachment-actions';

/**
 * One text field of the report or part form as the registry describes it (label, required mark,
 * height); its id is the field's name. `intro` is a line between the label and the box.
 */
export function ReportTextField({ spec, registration, error, intro }: { spec: ReportFieldSpec; registration: UseFormRegisterReturn; error?: string; intro?: React.ReactNode }) {
  const id = registration.name;
  return (
    <FormField id={id} label={formLabelOf(spec)} required={spec.requiredOnSubmit !== undefined} error={error}>
      {intro}
      <Textarea rows={spec.rows} className="min-h-24" {...fieldAria(id, error)} {...registration} />
    </FormField>
  );
}

/**
 * 佐证材料 of a month's report or part. The first upload of an unsaved report creates its draft,
 * so the form learns the new version through `onVersion`.
 */
export function MonthEvidence({
  headingId,
  target,
  attachments,
  maxMb,
  onVersion,
}: {
  headingId: string;
  target: UploadTarget;
  attachments: AttachmentItem[];
  maxMb: number;
  onVersion: (version: number) => void;
}) {
  return (
    <EvidenceSection
      headingId={headingId}
      target={target}
      initial={attachments}
      editable
      maxMb={maxMb}
      deleteAction={deleteAttachmentAction}
      onOwnerChange={(owner) => owner.created && onVersion(owner.version)}
    />
  );
}

/**
 * The save or submit request of a month's form. Submitting asks more than a draft, so it is
 * checked here first with the server's own schema (loaded on demand); null when that check
 * failed, each message having gone under its field.
 */
export async function monthRequest<F extends FieldValues, I extends object, S extends object>(
  input: I,
  intent: 'save' | 'submit',
  submitSchema: () => Promise<ZodType<S>>,
  setError: UseFormSetError<F>,
): Promise<(I & { intent: 'save' }) | (S & { intent: 'submit' }) | null> {
  if (intent === 'save') return { ...input, intent };
  const strict = (await submitSchema()).safeParse(input);
  if (!strict.success) {
    for (const issue of strict.error.issues) setError(issue.path.join('.') as Path<F>, { message: issue.message });
    return null;
  }
  return { ...strict.data, intent };
}
