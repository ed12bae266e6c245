'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input, NativeSelect } from '@/components/ui/input';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import type { LiftFlagInput, RaiseFlagInput } from '@/lib/warnings/flag-schemas';
import { liftFlagAction, raiseFlagAction } from './actions';

// The shared schemas (and zod with them) are loaded when a form is first validated, not with the page.
const loadSchemas = () => import('@/lib/warnings/flag-schemas');
const raiseResolver = lazyResolver(() => withZodResolver(loadSchemas()).then(([zodResolver, m]) => zodResolver(m.raiseFlagSchema)));
const liftResolver = lazyResolver(() => withZodResolver(loadSchemas()).then(([zodResolver, m]) => zodResolver(m.liftFlagSchema)));

/** Supervisor's manual flag: raise yellow/red with a reason, or lift the one in force with a reason. */
export function FlagPanel({ taskId, activeFlag }: { taskId: number; activeFlag: { id: number; level: 'yellow' | 'red'; reason: string } | null }) {
  const { message, pending, run } = useActionMessage();
  const raise = useForm<RaiseFlagInput>({ resolver: raiseResolver, defaultValues: { taskId, level: 'yellow', reason: '' } });
  const lift = useForm<LiftFlagInput>({ resolver: liftResolver, defaultValues: { flagId: activeFlag?.id ?? 1, reason: '' } });
  const raiseError = raise.formState.errors.reason?.message;
  const liftError = lift.formState.errors.reason?.message;

  const onRaise = raise.handleSubmit((v) => run(() => raiseFlagAction(v), { okText: '已亮灯', onOk: () => raise.reset({ taskId, level: 'yellow', reason: '' }) }));
  const onLift = lift.handleSubmit((v) => run(() => liftFlagAction(v), { okText: '已撤销' }));

  return (
    <div className="flex flex-col gap-3">
      <ActionAlert message={message} />
      {activeFlag && (
        <form method="post" onSubmit={onLift} onFocus={liftResolver.preload} className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="撤销亮灯">
          <FormField id="lift-reason" label="撤销理由" error={liftError} className="flex-1">
            <Input {...fieldAria('lift-reason', liftError)} {...lift.register('reason')} />
          </FormField>
          <Button type="submit" variant="outline" disabled={pending}>
            撤销亮灯
          </Button>
        </form>
      )}
      <form method="post" onSubmit={onRaise} onFocus={raiseResolver.preload} className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="人工亮灯">
        <FormField id="flag-level" label="灯色" className="sm:w-28">
          <NativeSelect id="flag-level" {...raise.register('level')}>
            <option value="yellow">黄灯</option>
            <option value="red">红灯</option>
          </NativeSelect>
        </FormField>
        <FormField id="flag-reason" label="亮灯理由" error={raiseError} className="flex-1">
          <Input {...fieldAria('flag-reason', raiseError)} {...raise.register('reason')} />
        </FormField>
        <Button type="submit" disabled={pending}>
          亮灯
        </Button>
      </form>
    </div>
  );
}
