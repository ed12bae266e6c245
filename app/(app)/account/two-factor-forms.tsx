'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { lazyResolver } from '@/components/lazy-resolver';
import type { TotpCodeInput } from '@/lib/auth/schemas';
import type { Result } from '@/lib/result';
import { confirmTotpAction, disableTotpAction, startTotpAction } from './security-actions';

const resolver = lazyResolver(() => import('@/lib/auth/schemas').then((m) => zodResolver(m.totpCodeSchema)));

export function TwoFactorStartButton() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert variant="error">{error}</Alert>}
      <div>
        <Button
          type="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await startTotpAction({});
              if (!result.ok) setError(result.error);
            })
          }
        >
          {pending ? '正在生成…' : '设置动态口令'}
        </Button>
      </div>
    </div>
  );
}

function CodeForm({ label, submit, pendingLabel, run, onDone }: { label: string; submit: string; pendingLabel: string; run: (input: TotpCodeInput) => Promise<Result>; onDone?: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TotpCodeInput>({ resolver, defaultValues: { code: '' } });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) => {
    setError(null);
    startTransition(async () => {
      const result = await run(values);
      if (!result.ok) {
        setError(result.error);
        const message = result.fieldErrors?.code?.[0];
        if (message) form.setError('code', { message });
        form.setValue('code', '');
        return;
      }
      onDone?.();
    });
  });
  return (
    <form onSubmit={onSubmit} onFocus={resolver.preload} noValidate className="flex max-w-xs flex-col gap-3" aria-label={submit}>
      {error && !errors.code && <Alert variant="error">{error}</Alert>}
      <FormField id="totp-code" label={label} error={errors.code?.message}>
        <Input {...fieldAria('totp-code', errors.code?.message)} inputMode="numeric" autoComplete="one-time-code" maxLength={7} {...form.register('code')} />
      </FormField>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? pendingLabel : submit}
        </Button>
      </div>
    </form>
  );
}

export function TwoFactorConfirmForm({ redirectTo }: { redirectTo?: string }) {
  const router = useRouter();
  return (
    <CodeForm
      label="验证码"
      submit="确认启用"
      pendingLabel="正在验证…"
      run={confirmTotpAction}
      onDone={() => {
        if (redirectTo) router.replace(redirectTo);
        router.refresh();
      }}
    />
  );
}

export function TwoFactorDisableForm() {
  const router = useRouter();
  return <CodeForm label="当前动态口令（关闭时须输入）" submit="关闭动态口令" pendingLabel="正在关闭…" run={disableTotpAction} onDone={() => router.refresh()} />;
}
