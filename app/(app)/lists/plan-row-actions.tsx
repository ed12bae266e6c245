'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { PLAN_KIND_LABELS, PLAN_KINDS, type PlanKind } from '@/lib/plan-import/parsed-plan';
import { planSettingsFormSchema, type PlanSettingsFormInput } from '@/lib/plans/plan-schemas';
import { setPlanStatusAction, updatePlanSettingsAction } from './actions';

/** A list's settings (short name, kind) and its status change (archive / reactivate). */
export function PlanRowActions({ plan }: { plan: { id: number; shortName: string; kind: PlanKind; status: 'draft' | 'active' | 'archived' } }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<PlanSettingsFormInput>({ resolver: zodResolver(planSettingsFormSchema), defaultValues: { shortName: plan.shortName, kind: plan.kind } });
  const err = form.formState.errors.shortName?.message ?? form.formState.errors.kind?.message;

  const save = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await updatePlanSettingsAction({ ...v, planId: plan.id });
      setMessage({ ok: r.ok, text: r.ok ? (r.message ?? '已保存') : r.error });
    }),
  );
  const changeStatus = (status: 'active' | 'archived') =>
    startTransition(async () => {
      if (status === 'archived' && !window.confirm('归档后该清单只读，不再出现在工作台账和填报中。确定归档？')) return;
      const r = await setPlanStatusAction({ planId: plan.id, status });
      setMessage({ ok: r.ok, text: r.ok ? (r.message ?? '已保存') : r.error });
    });

  return (
    <div className="mt-2 flex flex-col gap-2 border-t pt-2">
      <form method="post" onSubmit={save} noValidate className="flex flex-wrap items-end gap-2" aria-label="清单设置">
        <label className="flex flex-col gap-1 text-xs text-muted-foreground">
          简称
          <Input className="h-9 w-32" aria-invalid={!!form.formState.errors.shortName} {...form.register('shortName')} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted-foreground">
          类型
          <NativeSelect className="h-9 w-40" {...form.register('kind')}>
            {PLAN_KINDS.map((k) => (
              <option key={k} value={k}>
                {PLAN_KIND_LABELS[k]}
              </option>
            ))}
          </NativeSelect>
        </label>
        <Button type="submit" size="sm" variant="outline" disabled={pending}>
          保存
        </Button>
        {plan.status === 'active' && (
          <Button type="button" size="sm" variant="ghost" disabled={pending} onClick={() => changeStatus('archived')}>
            归档
          </Button>
        )}
        {plan.status === 'archived' && (
          <Button type="button" size="sm" variant="ghost" disabled={pending} onClick={() => changeStatus('active')}>
            恢复为进行中
          </Button>
        )}
      </form>
      {(err || message) && (
        <p className={err || !message?.ok ? 'text-sm text-destructive' : 'text-sm text-emerald-700'} role="status">
          {err ?? message?.text}
        </p>
      )}
    </div>
  );
}
