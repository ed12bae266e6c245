import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { getPasswordStatus } from '@/lib/auth/account-service';
import { PASSWORD_EXPIRY_WARNING_DAYS } from '@/lib/auth/password-policy';
import { getSecurityPolicy } from '@/lib/auth/security-policy';
import { requireSessionUser } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: '修改密码' };

export default async function ChangePasswordPage() {
  const user = await requireSessionUser({ allowPasswordChange: true });
  const forced = user.mustChangePassword;
  const policy = await getSecurityPolicy(getDb());
  // Why the change is asked for: an expired password (密码有效期), or one set by an administrator.
  const status = await getPasswordStatus(getDb(), user.userId, now(), policy);
  const expired = status?.expired ?? false;
  const expiringSoon = !expired && status?.daysLeft != null && status.daysLeft <= PASSWORD_EXPIRY_WARNING_DAYS;
  return (
    <main className="mx-auto flex min-h-screen w-full max-w-md flex-col justify-center gap-4 p-4">
      <h1 className="text-center text-2xl font-bold text-primary">修改密码</h1>
      {forced && expired && <Alert data-testid="password-expired">密码已超过 {policy.passwordExpiryDays} 天未修改，请修改后继续。</Alert>}
      {forced && !expired && <Alert>您的账户由管理员创建或重置了密码，首次登录须先设置自己的新密码。</Alert>}
      {expiringSoon && <Alert>密码将在 {Math.max(status!.daysLeft!, 0)} 天内到期，请及时修改。</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>{user.displayName}（{user.username}）</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm historyCount={policy.passwordHistoryCount} />
        </CardContent>
      </Card>
      {!forced && (
        <Link href="/" className="text-center text-sm text-primary underline">
          返回
        </Link>
      )}
    </main>
  );
}
