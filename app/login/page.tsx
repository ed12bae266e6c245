import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getSessionUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { LOGIN_MESSAGES } from '@/lib/auth/login-service';
import { OIDC_MESSAGES, oidcConfig } from '@/lib/auth/oidc';
import { TOTP_MESSAGES } from '@/lib/auth/totp-service';
import { getDb } from '@/lib/db';
import { loginIssuer } from '@/lib/districts/district-service';
import { LoginForm } from './login-form';
import { OidcLoginButton } from './oidc-login-button';

const ERROR_CODES: Record<string, string> = {
  invalid: LOGIN_MESSAGES.invalid,
  disabled: LOGIN_MESSAGES.disabled,
  locked: '连续登录失败次数过多，账户已锁定，请稍后再试',
  input: '请输入用户名和密码',
  totp: '请输入验证器中的 6 位动态口令',
  totp_invalid: TOTP_MESSAGES.wrong,
  ...OIDC_MESSAGES,
  // Auth.js's own codes for a failed OIDC round trip (state, PKCE, the provider's error).
  OAuthSignin: OIDC_MESSAGES.oidc_failed,
  OAuthCallbackError: OIDC_MESSAGES.oidc_failed,
  CallbackRouteError: OIDC_MESSAGES.oidc_failed,
  AccessDenied: OIDC_MESSAGES.oidc_failed,
  Configuration: OIDC_MESSAGES.oidc_failed,
};

export const metadata: Metadata = { title: '登录' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await getSessionUser()) redirect('/');
  const demo = getEnv().DEMO_MODE;
  const oidc = oidcConfig();
  const needsTotp = params.error === 'totp' || params.error === 'totp_invalid';
  const issuer = await loginIssuer(getDb());
  return (
    <main className="mx-auto flex min-h-screen w-full max-w-md flex-col justify-center gap-6 p-4">
      <div className="text-center">
        {issuer && <p className="text-sm text-muted-foreground">{issuer}</p>}
        <h1 className="mt-1 text-2xl font-bold text-primary">重点任务督查督办系统</h1>
      </div>
      {params.changed === '1' && <Alert variant="success">密码已修改，请使用新密码登录。</Alert>}
      {params.reason === 'expired' && <Alert>登录已失效，请重新登录。</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>用户登录</CardTitle>
        </CardHeader>
        <CardContent>
          <LoginForm
            callbackUrl={params.callbackUrl}
            initialError={params.error ? (ERROR_CODES[params.error] ?? null) : null}
            initialNeedsTotp={needsTotp}
            initialUsername={needsTotp ? params.username : undefined}
          />
          {oidc && (
            <div className="mt-4 border-t pt-4">
              <OidcLoginButton callbackUrl={params.callbackUrl} displayName={oidc.displayName} />
            </div>
          )}
        </CardContent>
      </Card>
      {demo && (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">演示账户</CardTitle>
            <p className="text-sm text-muted-foreground">
              演示模式下可用，密码均为 <code className="rounded bg-muted px-1">{DEMO_PASSWORD}</code>
            </p>
          </CardHeader>
          <CardContent>
            <ul className="divide-y text-sm" aria-label="演示账户列表">
              {DEMO_ACCOUNTS.map((a) => (
                <li key={a.username} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1.5">
                  <code className="font-mono">{a.username}</code>
                  <span className="text-muted-foreground">
                    {ROLE_LABELS[a.role]}
                    {a.unitName ? ` · ${a.unitName}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
    </main>
  );
}
