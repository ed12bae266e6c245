'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { RaiseProblemInput } from '@/lib/problems/schemas';
import { raiseProblemAction } from '@/app/(app)/problems/actions';

const resolver = lazyResolver(() => withZodResolver(import('@/lib/problems/schemas')).then(([zodResolver, m]) => zodResolver(m.raiseProblemSchema)));

/** 提交协调: raises the report's 需协调解决的问题 (or any text) to 督查室 or 区领导. */
export function RaiseProblemForm({ taskId, reportId, content }: { taskId: number; reportId: number | null; content: string }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<RaiseProblemInput>({ resolver, defaultValues: { taskId, reportId, addressedTo: 'office', content } });
  const error = form.formState.errors.content?.message;
  const onSubmit = form.handleSubmit((v) => run(() => raiseProblemAction(v), { okText: '已提交协调', setError: form.setError }));
  return (
    <form method="post" onSubmit={onSubmit} onFocus={resolver.preload} className="flex flex-col gap-2" aria-label="提交协调">
      <FormField id="raise-content" label="需协调解决的问题" error={error} hint={reportId !== null ? '默认为已保存的月度进展中的“存在问题”，可修改后提交' : undefined}>
        <Textarea rows={3} {...fieldAria('raise-content', error, reportId !== null)} {...form.register('content')} />
      </FormField>
      <fieldset className="flex flex-wrap items-center gap-4 text-sm">
        <legend className="sr-only">提请对象</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" value="office" {...form.register('addressedTo')} />
          提请督查室
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" value="leader" {...form.register('addressedTo')} />
          提请区领导
        </label>
        <Button type="submit" size="sm" disabled={pending}>
          提交协调
        </Button>
      </fieldset>
      <ActionAlert message={message} />
    </form>
  );
}
