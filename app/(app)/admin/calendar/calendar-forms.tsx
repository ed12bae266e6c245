'use client';

import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import type { PeriodDeadlinesInput, PeriodRangeInput, PlanCadenceInput } from '@/lib/reporting/calendar-schemas';
import { StatusLine, useActionSubmit } from '../form-bits';
import { setCadenceAction, setRangeAction, updateDeadlinesAction } from './actions';

// The shared schemas (and zod) load on first validation, not with the page.
const periodDeadlinesResolver = lazyResolver(() => withZodResolver(import('@/lib/reporting/calendar-schemas')).then(([zodResolver, m]) => zodResolver(m.periodDeadlinesSchema)));
const periodRangeResolver = lazyResolver(() => withZodResolver(import('@/lib/reporting/calendar-schemas')).then(([zodResolver, m]) => zodResolver(m.periodRangeSchema)));
const planCadenceResolver = lazyResolver(() => withZodResolver(import('@/lib/reporting/calendar-schemas')).then(([zodResolver, m]) => zodResolver(m.planCadenceSchema)));

export function DeadlineRowForm({ values, monthText }: { values: PeriodDeadlinesInput; monthText: string }) {
  const form = useForm<PeriodDeadlinesInput>({ resolver: periodDeadlinesResolver, defaultValues: values });
  const { submit, pending, message } = useActionSubmit(form, updateDeadlinesAction);
  const { errors } = form.formState;
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
      <StatusLine error={errors.contributionDeadline?.message ?? errors.leadDeadline?.message} message={message} className="sm:col-span-4" />
    </form>
  );
}

export function RangeForm({ values, quarterly = false }: { values: PeriodRangeInput; quarterly?: boolean }) {
  const router = useRouter();
  const form = useForm<PeriodRangeInput>({ resolver: periodRangeResolver, defaultValues: values });
  const { submit, pending, message } = useActionSubmit(form, setRangeAction, () => router.refresh());
  const { errors } = form.formState;
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
      <StatusLine error={errors.from?.message ?? errors.to?.message} message={message} className="w-full" />
    </form>
  );
}

export function CadenceForm({ values }: { values: PlanCadenceInput }) {
  const router = useRouter();
  const form = useForm<PlanCadenceInput>({ resolver: planCadenceResolver, defaultValues: values });
  const { submit, pending, message } = useActionSubmit(
    form,
    // An unchanged choice is answered here, without a round trip.
    async (v) => (v.cadence === values.cadence ? { ok: false as const, error: '调度周期没有变化' } : setCadenceAction(v)),
    () => router.refresh(),
  );
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
      <StatusLine error={form.formState.errors.cadence?.message} message={message} className="w-full" />
    </form>
  );
}
