'use client';

import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ActionAlert, FormFooter, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { securityPolicySchema, SecurityPolicy } from '@/lib/auth/security-policy-schema';
import { endUserSessionsAction, resetUserTotpAction, saveSecurityPolicyAction, unlockAccountAction } from './actions';

// The shared schema (and zod) load on first validation, not with the page.
const securityPolicyResolver = lazyResolver(() => withZodResolver(import('@/lib/auth/security-policy-schema')).then(([zodResolver, m]) => zodResolver(m.securityPolicySchema)));

type PolicyField = keyof SecurityPolicy;
/** An emptied box is "not given" (the schema asks for it), not zero. */
const NUM = { setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v)) };

/** 安全策略: password expiry and reuse, session idle and absolute limits (the schema checks each, here and on the server). */
export function SecurityPolicyForm({ values }: { values: SecurityPolicy }) {
  const form = useForm<z.input<typeof securityPolicySchema>, unknown, SecurityPolicy>({ resolver: securityPolicyResolver, defaultValues: values });
  const { message, pending, run } = useActionMessage({ refresh: true });
  const { errors } = form.formState;
  const submit = form.handleSubmit((input) => run(() => saveSecurityPolicyAction(input), { setError: form.setError }));
  const field = (name: PolicyField, label: string, hint: string) => (
    <FormField id={name} label={label} hint={hint} error={errors[name]?.message}>
      <Input {...fieldAria(name, errors[name]?.message, true)} type="number" inputMode="numeric" step={1} {...form.register(name, NUM)} />
    </FormField>
  );
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" aria-label="安全策略" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        {field('passwordExpiryDays', '密码有效期（天）', '超过该天数须修改密码后才能继续使用，0 表示不过期；默认 90')}
        {field('passwordHistoryCount', '不得重复使用的历史密码（个）', '新密码不能与最近这些密码相同（含当前密码）；默认 5')}
        {field('sessionIdleMinutes', '空闲超时（分钟）', '超过该时长无操作自动退出登录；默认 30')}
        {field('sessionAbsoluteHours', '会话最长时长（小时）', '登录后超过该时长须重新登录；默认 12')}
      </div>
      <FormFooter message={message} pending={pending}>
        保存安全策略
      </FormFooter>
    </form>
  );
}

/** 解锁 one locked account. */
export function UnlockButton({ username }: { username: string }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  return (
    <div className="flex flex-col items-start gap-1">
      <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => run(() => unlockAccountAction({ username }))} aria-label={`解锁 ${username}`}>
        解锁
      </Button>
      <ActionAlert message={message} />
    </div>
  );
}

/** 重置动态口令 and 强制下线 of one account (each asks first: both take effect at once). */
export function UserSecurityButtons({ userId, username, totpEnabled, isSelf }: { userId: number; username: string; totpEnabled: boolean; isSelf: boolean }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          size="sm"
          variant="outline"
          disabled={pending || isSelf || !totpEnabled}
          aria-label={`重置 ${username} 的动态口令`}
          onClick={() => {
            if (window.confirm(`重置 ${username} 的动态口令？原手机上的动态口令随即失效。`)) run(() => resetUserTotpAction({ userId }));
          }}
        >
          重置动态口令
        </Button>
        <Button
          type="button"
          size="sm"
          variant="destructive"
          disabled={pending || isSelf}
          aria-label={`强制 ${username} 下线`}
          onClick={() => {
            if (window.confirm(`强制 ${username} 下线？其所有设备上的登录立即失效。`)) run(() => endUserSessionsAction({ userId }));
          }}
        >
          强制下线
        </Button>
      </div>
      <ActionAlert message={message} />
    </div>
  );
}
