'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { formAction } from '@/lib/actions/form-action';
import type { LoginInput } from '@/lib/auth/schemas';
import { loginAction, loginFormAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => withZodResolver(import('@/lib/auth/schemas')).then(([zodResolver, m]) => zodResolver(m.loginSchema)));

export function LoginForm({
  callbackUrl,
  initialError,
  initialUsername,
  initialNeedsTotp = false,
}: {
  callbackUrl?: string;
  initialError?: string | null;
  initialUsername?: string;
  /** The server asked for the 动态口令 (a post before hydration came back with error=totp). */
  initialNeedsTotp?: boolean;
}) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  // The code field appears once the server says the account has one (right password, TOTP on).
  const [needsTotp, setNeedsTotp] = useState(initialNeedsTotp);
  const [pending, startTransition] = useTransition();
  const form = useForm<LoginInput>({ resolver, defaultValues: { username: initialUsername ?? '', password: '', totp: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setError(null);
    startTransition(async () => {
      const result = await loginAction({ ...values, callbackUrl });
      if (result && !result.ok) {
        setError(result.error);
        const askTotp = !!result.fieldErrors?.totp;
        if (askTotp) setNeedsTotp(true);
        form.setValue('password', '');
        form.setValue('totp', '');
        form.setFocus('password');
      }
    });
  });

  return (
    // `action` serves a submit before hydration (POST to the server action); once hydrated, onSubmit
    // validates with the shared schema and calls the action itself. The post before hydration
    // redirects (on success and on a refusal), so its result is not read.
    <form action={formAction(loginFormAction)} onSubmit={onSubmit} onFocus={resolver.preload} noValidate className="flex flex-col gap-4" aria-label="登录">
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
      {error && <Alert variant="error">{error}</Alert>}
      <FormField id="username" label="用户名" error={errors.username?.message}>
        {/* defaultValue too: before hydration (a post without JavaScript asked for the code) the name is kept. */}
        <Input
          {...fieldAria('username', errors.username?.message)}
          autoComplete="username"
          autoCapitalize="none"
          defaultValue={initialUsername}
          {...form.register('username')}
        />
      </FormField>
      <FormField id="password" label="密码" error={errors.password?.message}>
        <Input {...fieldAria('password', errors.password?.message)} type="password" autoComplete="current-password" {...form.register('password')} />
      </FormField>
      {needsTotp && (
        <FormField id="totp" label="动态口令" hint="打开验证器应用，输入本系统当前显示的 6 位数字" error={errors.totp?.message}>
          <Input
            {...fieldAria('totp', errors.totp?.message, true)}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            {...form.register('totp')}
          />
        </FormField>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? '正在登录…' : '登录'}
      </Button>
    </form>
  );
}
