import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { formAction } from '@/lib/actions/form-action';
import { requireSessionUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { logoutAction } from '../(app)/actions';
import { TwoFactorSection } from '../(app)/account/two-factor-section';

export const metadata: Metadata = { title: '设置动态口令' };

/**
 * Forced enrolment: an administrator (系统/安全/审计管理员) without 动态口令 comes here after the
 * password, before anything else. Outside the app layout (like /change-password): the layout
 * itself would send them here again.
 */
export default async function TwoFactorEnrolmentPage() {
  const user = await requireSessionUser({ allowTotpEnrolment: true });
  if (!user.mustEnrollTotp) redirect('/');
  const { mustChangePassword: _m, mustEnrollTotp: _t, ...actor } = user;
  return (
    <main className="mx-auto flex min-h-screen w-full max-w-md flex-col justify-center gap-4 p-4">
      <h1 className="text-center text-2xl font-bold text-primary">设置动态口令</h1>
      <Alert>管理员账户须使用密码和动态口令登录。请先设置动态口令，完成后才能使用本系统。</Alert>
      <TwoFactorSection db={getDb()} actor={actor} forced />
      <form action={formAction(logoutAction)} className="text-center">
        <button type="submit" className="text-sm text-primary underline">
          退出
        </button>
      </form>
    </main>
  );
}
