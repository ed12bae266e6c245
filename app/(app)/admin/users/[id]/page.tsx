import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { activeUnitOptions } from '@/lib/admin/unit-admin-service';
import { getUserForAdmin } from '@/lib/admin/user-admin-service';
import { can } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { formatDateTime } from '@/lib/format';
import { requestContext } from '@/lib/request-context';
import { AdminBreadcrumb } from '../../units/admin-breadcrumb';
import { EditUserForm, ResetPasswordForm, UserActiveForm } from '../user-forms';

export const metadata: Metadata = { title: '账户' };

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  if (!can(actor, 'users.manage')) redirect('/');
  const { id } = await params;
  const userId = Number(id);
  if (!Number.isInteger(userId) || userId <= 0) notFound();
  const user = await getUserForAdmin(ctx, userId);
  if (!user) notFound();
  const units = await activeUnitOptions(ctx);
  // An account of a unit since deactivated still shows its unit.
  if (user.unitId !== null && !units.some((u) => u.id === user.unitId)) units.unshift({ id: user.unitId, name: `${user.unitName}（已停用）` });
  const isSelf = user.id === actor.userId;

  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ href: '/admin/users', label: '用户管理' }, { label: user.username }]} />
      <div>
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-bold md:text-2xl">
          {user.displayName}
          <span className="text-base font-normal text-muted-foreground">（{user.username}）</span>
          {user.active ? <Badge>启用</Badge> : <Badge variant="secondary">已停用</Badge>}
          {user.mustChangePassword && <Badge variant="warning">待改密码</Badge>}
          {user.lockedUntil && <Badge variant="warning">已锁定</Badge>}
        </h1>
        <p className="text-sm text-muted-foreground">
          {ROLE_LABELS[user.role]}
          {user.unitName ? ` · ${user.unitName}` : ''} · 创建于 {formatDateTime(user.createdAt)}
        </p>
        {user.lockedUntil && (
          <p className="text-sm text-amber-800">该账户因连续输错密码被锁定至 {formatDateTime(user.lockedUntil)}；可由安全管理员解锁，重置密码也会解除锁定。</p>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">账户信息</CardTitle>
          </CardHeader>
          <CardContent>
            <EditUserForm
              values={{ userId: user.id, displayName: user.displayName, role: user.role, unitId: user.unitId, email: user.email ?? '' }}
              units={units}
            />
          </CardContent>
        </Card>
        <div className="flex flex-col gap-4">
          {!isSelf && (
            <Card>
              <CardHeader>
                <CardTitle className="text-base">重置密码</CardTitle>
              </CardHeader>
              <CardContent>
                <ResetPasswordForm userId={user.id} username={user.username} />
              </CardContent>
            </Card>
          )}
          <Card>
            <CardHeader>
              <CardTitle className="text-base">{user.active ? '停用账户' : '启用账户'}</CardTitle>
            </CardHeader>
            <CardContent>
              <UserActiveForm userId={user.id} active={user.active} isSelf={isSelf} />
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
