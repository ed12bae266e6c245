import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSessionUser } from '@/lib/auth/session';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: '修改密码' };

export default async function ChangePasswordPage() {
  const user = await requireSessionUser({ allowPasswordChange: true });
  const forced = user.mustChangePassword;
  return (
    <main className="mx-auto flex min-h-screen w-full max-w-md flex-col justify-center gap-4 p-4">
      <h1 className="text-center text-2xl font-bold text-primary">修改密码</h1>
      {forced && <Alert>您的账户由管理员创建或重置了密码，首次登录须先设置自己的新密码。</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>{user.displayName}（{user.username}）</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
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
