import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardContent } from '@/components/ui/card';
import { activeUnitOptions } from '@/lib/admin/unit-admin-service';
import { can } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';
import { AdminBreadcrumb } from '../../units/admin-breadcrumb';
import { CreateUserForm } from '../user-forms';

export const metadata: Metadata = { title: '新建账户' };

export default async function NewUserPage() {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'users.manage')) redirect('/');
  const units = await activeUnitOptions(ctx);
  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ href: '/admin/users', label: '用户管理' }, { label: '新建账户' }]} />
      <div>
        <h1 className="text-xl font-bold md:text-2xl">新建账户</h1>
        <p className="text-sm text-muted-foreground">初始密码由系统生成或由您输入；新账户首次登录时必须修改密码。</p>
      </div>
      <Card>
        <CardContent className="pt-4 md:pt-6">
          <CreateUserForm units={units} />
        </CardContent>
      </Card>
    </div>
  );
}
