'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { showFieldErrors } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { INDICATOR_KIND_LABELS } from '@/lib/indicators/indicator-kind-labels';
import type { IndicatorFormInput } from '@/lib/indicators/schemas';
import { deleteIndicatorAction, updateIndicatorAction } from './actions';

// The shared schemas (and zod) load on first validation, not with the page.
const indicatorFormResolver = lazyResolver(() => withZodResolver(import('@/lib/indicators/schemas')).then(([zodResolver, m]) => zodResolver(m.indicatorFormSchema)));

const numberOrNull = { setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v)) };

/** One indicator: edit its fields, confirm a proposal, or remove it. */
export function IndicatorRowForm({ id, status, values }: { id: number; status: 'proposed' | 'confirmed'; values: IndicatorFormInput }) {
  const [state, setState] = useState(status);
  const [removed, setRemoved] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<IndicatorFormInput>({ resolver: indicatorFormResolver, defaultValues: values });
  const { errors } = form.formState;

  const save = (confirm: boolean) =>
    form.handleSubmit((v) =>
      startTransition(async () => {
        const result = await updateIndicatorAction({ ...v, id, confirm });
        if (result.ok) {
          if (confirm) setState('confirmed');
          setMessage(result.message ?? '已保存');
        } else {
          setMessage(result.error);
          showFieldErrors(form.setError, result.fieldErrors);
        }
      }),
    )();

  const remove = () =>
    startTransition(async () => {
      if (!window.confirm('删除该指标及其已报送的数据？')) return;
      const result = await deleteIndicatorAction(id);
      if (result.ok) setRemoved(true);
      else setMessage(result.error);
    });

  if (removed) return <p className="text-sm text-muted-foreground">已删除</p>;
  const err = Object.values(errors)[0]?.message;
  return (
    <form method="post" className="grid gap-2 sm:grid-cols-[1fr_6rem_6rem_5rem_7rem_8rem] sm:items-end" onSubmit={(e) => e.preventDefault()} aria-label="编辑指标">
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        名称
        <Input aria-invalid={!!errors.name} {...form.register('name')} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        目标值
        <Input type="number" step="any" aria-invalid={!!errors.target} {...form.register('target', numberOrNull)} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        区间上限
        <Input type="number" step="any" aria-invalid={!!errors.targetMax} {...form.register('targetMax', numberOrNull)} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        单位
        <Input aria-invalid={!!errors.unit} {...form.register('unit')} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        方向
        <NativeSelect {...form.register('comparator')}>
          <option value="at_least">不少于（≥）</option>
          <option value="at_most">不超过（≤）</option>
        </NativeSelect>
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        指标类型
        <NativeSelect aria-invalid={!!errors.kind} {...form.register('kind')}>
          {(Object.keys(INDICATOR_KIND_LABELS) as (keyof typeof INDICATOR_KIND_LABELS)[]).map((k) => (
            <option key={k} value={k}>
              {INDICATOR_KIND_LABELS[k]}
            </option>
          ))}
        </NativeSelect>
      </label>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-6">
        {state === 'proposed' ? (
          <Button type="button" size="sm" disabled={pending} onClick={() => save(true)}>
            确认
          </Button>
        ) : (
          <span className="text-xs text-emerald-700">已确认</span>
        )}
        <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => save(false)}>
          保存修改
        </Button>
        <Button type="button" size="sm" variant="ghost" disabled={pending} onClick={remove}>
          删除
        </Button>
        {(err || message) && (
          <span role="status" className={err ? 'text-sm text-destructive' : 'text-sm text-muted-foreground'}>
            {err ?? message}
          </span>
        )}
      </div>
    </form>
  );
}
