import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { listUsers } from '@/lib/admin/user-admin-service';
import { can } from '@/lib/auth/permissions';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';
import { requestContext } from '@/lib/request-context';
import { AdminBreadcrumb } from '../units/admin-breadcrumb';

export const metadata: Metadata = { title: '用户管理' };

type Props = { searchParams: Promise<{ q?: string; role?: string }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'users.manage')) redirect('/tasks');
  const { q: rawQ, role: rawRole } = await searchParams;
  const q = (rawQ ?? '').trim().toLowerCase().slice(0, 40);
  const role = (ROLES as readonly string[]).includes(rawRole ?? '') ? (rawRole as Role) : null;
  const all = await listUsers(ctx);
  const rows = all.filter(
    (u) =>
      (!role || u.role === role) &&
      (q === '' || u.username.includes(q) || u.displayName.toLowerCase().includes(q) || (u.unitName ?? '').includes(q)),
  );

  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ label: '用户管理' }]} />
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold md:text-2xl">用户管理</h1>
          <p className="text-sm text-muted-foreground">
            共 {all.length} 个账户，其中 {all.filter((u) => !u.active).length} 个已停用。
          </p>
        </div>
        <Button asChild>
          <Link href="/admin/users/new">新建账户</Link>
        </Button>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="筛选账户">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor="user-q" className="text-xs text-muted-foreground">
            用户名、姓名或单位
          </label>
          <Input id="user-q" name="q" defaultValue={rawQ ?? ''} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="user-role" className="text-xs text-muted-foreground">
            角色
          </label>
          <NativeSelect id="user-role" name="role" defaultValue={role ?? ''} className="w-32">
            <option value="">全部</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" variant="outline">
          筛选
        </Button>
      </form>
      <div className="overflow-x-auto rounded-lg border bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">账户列表：用户名、姓名、角色、单位、状态</caption>
          <thead>
            <tr className="border-b text-left text-muted-foreground">
              <th scope="col" className="p-2 font-medium md:p-3">
                账户
              </th>
              <th scope="col" className="p-2 font-medium md:p-3">
                角色
              </th>
              <th scope="col" className="hidden p-2 font-medium md:table-cell md:p-3">
                单位
              </th>
              <th scope="col" className="p-2 font-medium md:p-3">
                状态
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} className="border-b last:border-0" data-username={u.username}>
                <td className="p-2 md:p-3">
                  <Link href={`/admin/users/${u.id}`} className="font-medium text-primary hover:underline">
                    {u.username}
                  </Link>
                  <div className="text-xs text-muted-foreground">{u.displayName}</div>
                  {u.unitName && <div className="text-xs text-muted-foreground md:hidden">{u.unitName}</div>}
                </td>
                <td className="p-2 md:p-3">{ROLE_LABELS[u.role]}</td>
                <td className="hidden p-2 md:table-cell md:p-3">{u.unitName ?? '—'}</td>
                <td className="p-2 md:p-3">
                  <div className="flex flex-wrap gap-1">
                    {u.active ? <Badge variant="default">启用</Badge> : <Badge variant="secondary">已停用</Badge>}
                    {u.mustChangePassword && <Badge variant="warning">待改密码</Badge>}
                    {u.lockedUntil && <Badge variant="warning">已锁定</Badge>}
                  </div>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="p-4 text-center text-muted-foreground">
                  没有符合条件的账户
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
