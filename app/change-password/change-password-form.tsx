'use client';

import { useState, useTransition } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import type { ChangePasswordInput } from '@/lib/auth/schemas';
import { changePasswordAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => withZodResolver(import('@/lib/auth/schemas')).then(([zodResolver, m]) => zodResolver(m.changePasswordSchema)));

const FIELDS: { name: Path<ChangePasswordInput>; label: string; autoComplete: string; hint?: string }[] = [
  { name: 'currentPassword', label: '当前密码', autoComplete: 'current-password' },
  { name: 'newPassword', label: '新密码', autoComplete: 'new-password', hint: '至少 8 位，需同时包含字母和数字，不能使用常见密码' },
  { name: 'confirmPassword', label: '确认新密码', autoComplete: 'new-password' },
];

/** `historyCount`: how many recent passwords (the current one included) a new one may not repeat. */
export function ChangePasswordForm({ historyCount }: { historyCount: number }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ChangePasswordInput>({
    resolver,
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setError(null);
    startTransition(async () => {
      const result = await changePasswordAction(values);
      if (result && !result.ok) {
        setError(result.error);
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0]) form.setError(field as Path<ChangePasswordInput>, { message: messages[0] });
        }
      }
    });
  });

  return (
    <form method="post" onSubmit={onSubmit} onFocus={resolver.preload} noValidate className="flex flex-col gap-4" aria-label="修改密码">
      {error && <Alert variant="error">{error}</Alert>}
      {FIELDS.map((f) => (
        <FormField
          key={f.name}
          id={f.name}
          label={f.label}
          hint={f.name === 'newPassword' && historyCount > 1 ? `${f.hint}，不能与最近 ${historyCount} 次使用过的密码相同` : f.hint}
          error={errors[f.name]?.message}
        >
          <Input {...fieldAria(f.name, errors[f.name]?.message)} type="password" autoComplete={f.autoComplete} {...form.register(f.name)} />
        </FormField>
      ))}
      <Button type="submit" disabled={pending}>
        {pending ? '正在保存…' : '修改密码'}
      </Button>
    </form>
  );
}
