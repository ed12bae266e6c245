'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { lazyResolver } from '@/components/lazy-resolver';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { ListWeightsInput } from '@/lib/assessment/schemas';
import { saveListWeightsAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => import('@/lib/assessment/schemas').then((m) => zodResolver(m.listWeightsSchema)));

const NUM = { setValueAs: (v: unknown) => (v === '' ? Number.NaN : Number(v)) };

export type ListWeightRow = { planId: number; name: string; title: string; weight: number };

/** The office: each active list's weight in the combined score (清单权重). */
export function ListWeightsForm({ lists }: { lists: ListWeightRow[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ListWeightsInput>({ resolver, defaultValues: { weights: lists.map((l) => ({ planId: l.planId, weight: l.weight })) } });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await saveListWeightsAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已保存' } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    }),
  );
  return (
    <form method="post" onSubmit={submit} onFocus={resolver.preload} className="flex flex-col gap-3" aria-label="清单权重">
      <div className="grid gap-3 sm:grid-cols-3">
        {lists.map((l, i) => (
          <div key={l.planId} className="flex flex-col gap-1.5">
            <Label htmlFor={`lw-${l.planId}`} title={l.title}>
              {l.name}（清单权重）
            </Label>
            <input type="hidden" {...form.register(`weights.${i}.planId`, { valueAsNumber: true })} />
            <Input id={`lw-${l.planId}`} type="number" step="any" min={0} aria-invalid={!!errors.weights?.[i]?.weight} {...form.register(`weights.${i}.weight`, NUM)} />
            {errors.weights?.[i]?.weight && <p className="text-sm text-destructive">{errors.weights[i]?.weight?.message}</p>}
          </div>
        ))}
      </div>
      {errors.weights?.root?.message && <p className="text-sm text-destructive">{errors.weights.root.message}</p>}
      {errors.weights?.message && <p className="text-sm text-destructive">{errors.weights.message}</p>}
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <div>
        <Button type="submit" disabled={pending}>
          保存清单权重
        </Button>
      </div>
    </form>
  );
}
