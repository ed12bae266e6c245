'use client';

import { useForm } from 'react-hook-form';
import { useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { PLAN_KIND_LABELS, PLAN_KINDS, type PlanKind } from '@/lib/plan-import/parsed-plan';
import type { PlanSettingsFormInput } from '@/lib/plans/plan-schemas';
import { StatusLine } from '../admin/form-bits';
import { LabelledOptions } from '../admin/labelled-options';
import { setPlanStatusAction, updatePlanSettingsAction } from './actions';

// The shared schemas (and zod) load on first validation, not with the page.
const planSettingsFormResolver = lazyResolver(() => withZodResolver(import('@/lib/plans/plan-schemas')).then(([zodResolver, m]) => zodResolver(m.planSettingsFormSchema)));

/** A list's settings (short name, kind) and its status change (archive / reactivate). */
export function PlanRowActions({ plan }: { plan: { id: number; shortName: string; kind: PlanKind; status: 'draft' | 'active' | 'archived' } }) {
  const { message, pending, run } = useActionMessage();
  const form = useForm<PlanSettingsFormInput>({ resolver: planSettingsFormResolver, defaultValues: { shortName: plan.shortName, kind: plan.kind } });
  const err = form.formState.errors.shortName?.message ?? form.formState.errors.kind?.message;

  const save = form.handleSubmit((v) => run(() => updatePlanSettingsAction({ ...v, planId: plan.id })));
  const changeStatus = (status: 'active' | 'archived') => {
    if (status === 'archived' && !window.confirm('归档后该清单只读，不再出现在工作台账和填报中。确定归档？')) return;
    run(() => setPlanStatusAction({ planId: plan.id, status }));
  };

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
            <LabelledOptions values={PLAN_KINDS} labels={PLAN_KIND_LABELS} />
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
      <StatusLine error={err} message={message} />
    </div>
  );
}
