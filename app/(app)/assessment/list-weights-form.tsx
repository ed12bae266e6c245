'use client';

import { useForm } from 'react-hook-form';
import { FormFooter, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { FieldError, fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { ListWeightsInput } from '@/lib/assessment/schemas';
import { saveListWeightsAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => withZodResolver(import('@/lib/assessment/schemas')).then(([zodResolver, m]) => zodResolver(m.listWeightsSchema)));

const NUM = { setValueAs: (v: unknown) => (v === '' ? Number.NaN : Number(v)) };

export type ListWeightRow = { planId: number; name: string; title: string; weight: number };

/** The office: each active list's weight in the combined score (清单权重). */
export function ListWeightsForm({ lists }: { lists: ListWeightRow[] }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<ListWeightsInput>({ resolver, defaultValues: { weights: lists.map((l) => ({ planId: l.planId, weight: l.weight })) } });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) => run(() => saveListWeightsAction(v)));
  return (
    <form method="post" onSubmit={submit} onFocus={resolver.preload} className="flex flex-col gap-3" aria-label="清单权重">
      <div className="grid gap-3 sm:grid-cols-3">
        {lists.map((l, i) => {
          const id = `lw-${l.planId}`;
          const error = errors.weights?.[i]?.weight?.message;
          return (
            <FormField key={l.planId} id={id} label={<span title={l.title}>{l.name}（清单权重）</span>} error={error}>
              <input type="hidden" {...form.register(`weights.${i}.planId`, { valueAsNumber: true })} />
              <Input type="number" step="any" min={0} {...fieldAria(id, error)} {...form.register(`weights.${i}.weight`, NUM)} />
            </FormField>
          );
        })}
      </div>
      <FieldError id="list-weights-error" message={errors.weights?.root?.message ?? errors.weights?.message} />
      <FormFooter message={message} pending={pending}>
        保存清单权重
      </FormFooter>
    </form>
  );
}
