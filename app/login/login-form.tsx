'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { lazyResolver } from '@/components/lazy-resolver';
import type { LoginInput } from '@/lib/auth/schemas';
import { loginAction, loginFormAction } from './actions';

/** The post before hydration: the action redirects (on success and on a refusal), its result is never read. */
const postLogin: (formData: FormData) => Promise<unknown> = loginFormAction;

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
    // validates with the shared schema and calls the action itself.
    <form action={postLogin as (formData: FormData) => Promise<void>} onSubmit={onSubmit} onFocus={resolver.preload} noValidate className="flex flex-col gap-4" aria-label="登录">
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
      {error && <Alert variant="error">{error}</Alert>}
      <div className="flex flex-col gap-2">
        <Label htmlFor="username">用户名</Label>
        <Input
          id="username"
          autoComplete="username"
          autoCapitalize="none"
          aria-invalid={!!errors.username}
          aria-describedby={errors.username ? 'username-error' : undefined}
          {...form.register('username')}
        />
        {errors.username && (
          <p id="username-error" className="text-sm text-destructive">
            {errors.username.message}
          </p>
        )}
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="password">密码</Label>
        <Input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.password}
          aria-describedby={errors.password ? 'password-error' : undefined}
          {...form.register('password')}
        />
        {errors.password && (
          <p id="password-error" className="text-sm text-destructive">
            {errors.password.message}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? '正在登录…' : '登录'}
      </Button>
    </form>
  );
}
