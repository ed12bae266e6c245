'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { lazyResolver } from '@/components/lazy-resolver';
import { formAction } from '@/lib/actions/form-action';
import type { LoginInput } from '@/lib/auth/schemas';
import { loginAction, loginFormAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => import('@/lib/auth/schemas').then((m) => zodResolver(m.loginSchema)));

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string | null }) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, startTransition] = useTransition();
  const form = useForm<LoginInput>({ resolver, defaultValues: { username: '', password: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setError(null);
    startTransition(async () => {
      const result = await loginAction({ ...values, callbackUrl });
      if (result && !result.ok) {
        setError(result.error);
        form.setValue('password', '');
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
        <Input {...fieldAria('username', errors.username?.message)} autoComplete="username" autoCapitalize="none" {...form.register('username')} />
      </FormField>
      <FormField id="password" label="密码" error={errors.password?.message}>
        <Input {...fieldAria('password', errors.password?.message)} type="password" autoComplete="current-password" {...form.register('password')} />
      </FormField>
      <Button type="submit" disabled={pending}>
        {pending ? '正在登录…' : '登录'}
      </Button>
    </form>
  );
}
