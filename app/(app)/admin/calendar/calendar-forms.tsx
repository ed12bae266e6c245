'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import {
  periodDeadlinesSchema,
  periodRangeSchema,
  planCadenceSchema,
  type PeriodDeadlinesInput,
  type PeriodRangeInput,
  type PlanCadenceInput,
} from '@/lib/reporting/calendar-schemas';
import { setCadenceAction, setRangeAction, updateDeadlinesAction } from './actions';

function useResult() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return { message, setMessage };
}

export function DeadlineRowForm({ values, monthText }: { values: PeriodDeadlinesInput; monthText: string }) {
  const { message, setMessage } = useResult();
  const [pending, startTransition] = useTransition();
  const form = useForm<PeriodDeadlinesInput>({ resolver: zodResolver(periodDeadlinesSchema), defaultValues: values });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await updateDeadlinesAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已保存' } : { ok: false, text: r.error });
    }),
  );
  const err = errors.contributionDeadline?.message ?? errors.leadDeadline?.message;
  return (
    <form method="post" onSubmit={submit} className="grid items-end gap-2 sm:grid-cols-[6rem_1fr_1fr_auto]" aria-label={`${monthText}截止日期`}>
      <span className="font-medium">{monthText}</span>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        参与单位截止
        <Input type="date" aria-invalid={!!errors.contributionDeadline} {...form.register('contributionDeadline')} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        牵头单位截止
        <Input type="date" aria-invalid={!!errors.leadDeadline} {...form.register('leadDeadline')} />
      </label>
      <Button type="submit" size="sm" variant="outline" disabled={pending}>
        保存
      </Button>
      {(err || message) && (
        <p role="status" className={`sm:col-span-4 text-sm ${err || message?.ok === false ? 'text-destructive' : 'text-emerald-700'}`}>
          {err ?? message?.text}
        </p>
      )}
    </form>
  );
}

export function RangeForm({ values, quarterly = false }: { values: PeriodRangeInput; quarterly?: boolean }) {
  const router = useRouter();
  const { message, setMessage } = useResult();
  const [pending, startTransition] = useTransition();
  const form = useForm<PeriodRangeInput>({ resolver: zodResolver(periodRangeSchema), defaultValues: values });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await setRangeAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已保存' } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    }),
  );
  const err = errors.from?.message ?? errors.to?.message;
  return (
    <form method="post" onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="调度月份范围">
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        起始月份
        <Input type="month" {...form.register('from')} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        结束月份
        <Input type="month" {...form.register('to')} />
      </label>
      <Button type="submit" size="sm" disabled={pending}>
        更新月份
      </Button>
      {quarterly && <p className="w-full text-xs text-muted-foreground">按季度调度：范围内只设 3、6、9、12 月。</p>}
      {(err || message) && (
        <p role="status" className={`w-full text-sm ${err || message?.ok === false ? 'text-destructive' : 'text-emerald-700'}`}>
          {err ?? message?.text}
        </p>
      )}
    </form>
  );
}

export function CadenceForm({ values }: { values: PlanCadenceInput }) {
  const router = useRouter();
  const { message, setMessage } = useResult();
  const [pending, startTransition] = useTransition();
  const form = useForm<PlanCadenceInput>({ resolver: zodResolver(planCadenceSchema), defaultValues: values });
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      if (v.cadence === values.cadence) return setMessage({ ok: false, text: '调度周期没有变化' });
      const r = await setCadenceAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已保存' } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    }),
  );
  const err = form.formState.errors.cadence?.message;
  return (
    <form method="post" onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="调度周期">
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        调度周期
        <NativeSelect className="w-60" {...form.register('cadence')}>
          <option value="monthly">按月调度</option>
          <option value="quarterly">按季度调度（3、6、9、12 月）</option>
          <option value="per_item">按事项期限（每项任务在其完成时限报送一次）</option>
        </NativeSelect>
      </label>
      <Button type="submit" size="sm" disabled={pending}>
        保存调度周期
      </Button>
      {(err || message) && (
        <p role="status" className={`w-full text-sm ${err || message?.ok === false ? 'text-destructive' : 'text-emerald-700'}`}>
          {err ?? message?.text}
        </p>
      )}
    </form>
  );
}
