'use client';

import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import type { TotpCodeInput } from '@/lib/auth/schemas';
import type { Result } from '@/lib/result';
import { confirmTotpAction, disableTotpAction, startTotpAction } from './security-actions';

const resolver = lazyResolver(() => withZodResolver(import('@/lib/auth/schemas')).then(([zodResolver, m]) => zodResolver(m.totpCodeSchema)));

export function TwoFactorStartButton() {
  const { message, pending, run } = useActionMessage();
  return (
    <div className="flex flex-col gap-2">
      {message && !message.ok && <ActionAlert message={message} />}
      <div>
        <Button type="button" disabled={pending} onClick={() => run(() => startTotpAction({}))}>
          {pending ? '正在生成…' : '设置动态口令'}
        </Button>
      </div>
    </div>
  );
}

function CodeForm({ label, submit, pendingLabel, run: send, onDone }: { label: string; submit: string; pendingLabel: string; run: (input: TotpCodeInput) => Promise<Result>; onDone?: () => void }) {
  const { message, pending, run } = useActionMessage();
  const form = useForm<TotpCodeInput>({ resolver, defaultValues: { code: '' } });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) =>
    run(() => send(values), { setError: form.setError, onFail: () => form.setValue('code', ''), onOk: () => onDone?.() }),
  );
  return (
    <form onSubmit={onSubmit} onFocus={resolver.preload} noValidate className="flex max-w-xs flex-col gap-3" aria-label={submit}>
      {message && !message.ok && !errors.code && <ActionAlert message={message} />}
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
