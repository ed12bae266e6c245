'use client';

import { useForm } from 'react-hook-form';
import { FormFooter, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { ExplanationInput } from '@/lib/assessment/schemas';
import { explainAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => withZodResolver(import('@/lib/assessment/schemas')).then(([zodResolver, m]) => zodResolver(m.explanationSchema)));

/** A unit's 情况说明 of its score in one list (one period); `idSuffix` keeps ids unique when a page has several. */
export function ExplanationForm({ periodId, idSuffix = '' }: { periodId: number; idSuffix?: string }) {
  const fieldId = idSuffix ? `explanation-${idSuffix}` : 'explanation';
  const { message, pending, run } = useActionMessage();
  const form = useForm<ExplanationInput>({ resolver, defaultValues: { periodId, content: '' } });
  const error = form.formState.errors.content?.message;
  const submit = form.handleSubmit((v) => run(() => explainAction(v), { okText: '已提交', onOk: () => form.reset({ periodId, content: '' }) }));
  return (
    <form method="post" onSubmit={submit} onFocus={resolver.preload} className="flex flex-col gap-2" aria-label="情况说明">
      <FormField id={fieldId} label="情况说明" error={error}>
        <Textarea rows={4} {...fieldAria(fieldId, error)} {...form.register('content')} />
      </FormField>
      <FormFooter message={message} pending={pending}>
        提交说明
      </FormFooter>
    </form>
  );
}
