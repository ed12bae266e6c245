'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { assessmentSettingsSchema, explanationSchema, type AssessmentSettings, type ExplanationInput } from '@/lib/assessment/schemas';
import { explainAction, lockPeriodAction, saveAssessmentSettingsAction } from './actions';

export function LockButton({ periodId, label }: { periodId: number; label: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        type="button"
        disabled={pending}
        onClick={() => {
          if (!window.confirm('锁定后本月得分和排名不再变化，确定锁定吗？')) return;
          startTransition(async () => {
            const r = await lockPeriodAction(periodId);
            setMessage(r.ok ? { ok: true, text: r.message } : { ok: false, text: r.error });
          });
        }}
      >
        {label}
      </Button>
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
    </div>
  );
}

export function ExplanationForm({ periodId }: { periodId: number }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ExplanationInput>({ resolver: zodResolver(explanationSchema), defaultValues: { periodId, content: '' } });
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await explainAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已提交' } : { ok: false, text: r.error });
      if (r.ok) form.reset({ periodId, content: '' });
    }),
  );
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-2" aria-label="情况说明">
      <Label htmlFor="explanation">情况说明</Label>
      <textarea
        id="explanation"
        rows={4}
        className="w-full rounded-md border border-input bg-background px-3 py-2 text-base md:text-sm"
        aria-invalid={!!form.formState.errors.content}
        {...form.register('content')}
      />
      {form.formState.errors.content && <p className="text-sm text-destructive">{form.formState.errors.content.message}</p>}
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <div>
        <Button type="submit" disabled={pending}>
          提交说明
        </Button>
      </div>
    </form>
  );
}

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
  const form = useForm<AssessmentSettings>({ resolver: zodResolver(assessmentSettingsSchema), defaultValues: values });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await saveAssessmentSettingsAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已保存' } : { ok: false, text: r.error });
    }),
  );
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-3" aria-label="考核权重">
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
