'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { InstructionInput } from '@/lib/instructions/schemas';
import { instructAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const instructionResolver = lazyResolver(() => withZodResolver(import('@/lib/instructions/schemas')).then(([zodResolver, m]) => zodResolver(m.instructionSchema)));

/** 作出批示: only leaders see it, so it (and react-hook-form) is loaded only for them. */
export function InstructionForm({ taskId }: { taskId: number }) {
  const { message, pending, run } = useActionMessage();
  const form = useForm<InstructionInput>({ resolver: instructionResolver, defaultValues: { taskId, content: '' } });
  const error = form.formState.errors.content?.message;
  const onWrite = form.handleSubmit((v) => run(() => instructAction(v), { okText: '已批示', onOk: () => form.reset({ taskId, content: '' }) }));
  return (
    <form method="post" onSubmit={onWrite} onFocus={instructionResolver.preload} className="flex flex-col gap-2" aria-label="作出批示">
      <ActionAlert message={message} />
      <FormField id="instruction" label="批示内容" error={error}>
        <Textarea rows={3} {...fieldAria('instruction', error)} {...form.register('content')} />
      </FormField>
      <div>
        <Button type="submit" disabled={pending}>
          批示
        </Button>
      </div>
    </form>
  );
}
