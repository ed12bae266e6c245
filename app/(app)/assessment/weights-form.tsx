'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { lazyResolver } from '@/components/lazy-resolver';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { AssessmentSettings } from '@/lib/assessment/schemas';
import { saveAssessmentSettingsAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => import('@/lib/assessment/schemas').then((m) => zodResolver(m.assessmentSettingsSchema)));

const LABELS: [keyof AssessmentSettings['weights'], string][] = [
  ['onTime', '按时报送'],
  ['firstPass', '一次通过'],
  ['warnings', '预警情况'],
  ['notices', '督办按时反馈'],
  ['indicators', '指标完成'],
];
const NUM = { setValueAs: (v: unknown) => (v === '' ? Number.NaN : Number(v)) };

/** Admin: the five weights and the explanation window. */
export function WeightsForm({ values }: { values: AssessmentSettings }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<AssessmentSettings>({ resolver, defaultValues: values });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await saveAssessmentSettingsAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已保存' } : { ok: false, text: r.error });
    }),
  );
  return (
    <form method="post" onSubmit={submit} onFocus={resolver.preload} className="flex flex-col gap-3" aria-label="考核权重">
      <div className="grid gap-3 sm:grid-cols-3">
        {LABELS.map(([key, label]) => (
          <div key={key} className="flex flex-col gap-1.5">
            <Label htmlFor={`w-${key}`}>{label}（权重）</Label>
            <Input id={`w-${key}`} type="number" step="any" aria-invalid={!!errors.weights?.[key]} {...form.register(`weights.${key}`, NUM)} />
            {errors.weights?.[key] && <p className="text-sm text-destructive">{errors.weights[key]?.message}</p>}
          </div>
        ))}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="explanationWorkingDays">说明期（工作日）</Label>
          <Input id="explanationWorkingDays" type="number" aria-invalid={!!errors.explanationWorkingDays} {...form.register('explanationWorkingDays', NUM)} />
          {errors.explanationWorkingDays && <p className="text-sm text-destructive">{errors.explanationWorkingDays.message}</p>}
        </div>
      </div>
      {errors.weights?.root?.message && <p className="text-sm text-destructive">{errors.weights.root.message}</p>}
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <div>
        <Button type="submit" disabled={pending}>
          保存权重
        </Button>
      </div>
    </form>
  );
}
