'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { lazyResolver } from '@/components/lazy-resolver';
import type { LiftFlagInput, RaiseFlagInput } from '@/lib/warnings/flag-schemas';
import { liftFlagAction, raiseFlagAction } from './actions';

// The shared schemas (and zod with them) are loaded when a form is first validated, not with the page.
const loadSchemas = () => import('@/lib/warnings/flag-schemas');
const raiseResolver = lazyResolver(() => loadSchemas().then((m) => zodResolver(m.raiseFlagSchema)));
const liftResolver = lazyResolver(() => loadSchemas().then((m) => zodResolver(m.liftFlagSchema)));

/** Supervisor's manual flag: raise yellow/red with a reason, or lift the one in force with a reason. */
export function FlagPanel({ taskId, activeFlag }: { taskId: number; activeFlag: { id: number; level: 'yellow' | 'red'; reason: string } | null }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const raise = useForm<RaiseFlagInput>({ resolver: raiseResolver, defaultValues: { taskId, level: 'yellow', reason: '' } });
  const lift = useForm<LiftFlagInput>({ resolver: liftResolver, defaultValues: { flagId: activeFlag?.id ?? 1, reason: '' } });

  const onRaise = raise.handleSubmit((v) =>
    startTransition(async () => {
      const r = await raiseFlagAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已亮灯' } : { ok: false, text: r.error });
      if (r.ok) raise.reset({ taskId, level: 'yellow', reason: '' });
    }),
  );
  const onLift = lift.handleSubmit((v) =>
    startTransition(async () => {
      const r = await liftFlagAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已撤销' } : { ok: false, text: r.error });
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      {activeFlag && (
        <form method="post" onSubmit={onLift} onFocus={liftResolver.preload} className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="撤销亮灯">
          <div className="flex flex-1 flex-col gap-1.5">
            <Label htmlFor="lift-reason">撤销理由</Label>
            <Input id="lift-reason" aria-invalid={!!lift.formState.errors.reason} {...lift.register('reason')} />
            {lift.formState.errors.reason && <p className="text-sm text-destructive">{lift.formState.errors.reason.message}</p>}
          </div>
          <Button type="submit" variant="outline" disabled={pending}>
            撤销亮灯
          </Button>
        </form>
      )}
      <form method="post" onSubmit={onRaise} onFocus={raiseResolver.preload} className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="人工亮灯">
        <div className="flex flex-col gap-1.5 sm:w-28">
          <Label htmlFor="flag-level">灯色</Label>
          <NativeSelect id="flag-level" {...raise.register('level')}>
            <option value="yellow">黄灯</option>
            <option value="red">红灯</option>
          </NativeSelect>
        </div>
        <div className="flex flex-1 flex-col gap-1.5">
          <Label htmlFor="flag-reason">亮灯理由</Label>
          <Input id="flag-reason" aria-invalid={!!raise.formState.errors.reason} {...raise.register('reason')} />
          {raise.formState.errors.reason && <p className="text-sm text-destructive">{raise.formState.errors.reason.message}</p>}
        </div>
        <Button type="submit" disabled={pending}>
          亮灯
        </Button>
      </form>
    </div>
  );
}
