import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { listUsers } from '@/lib/admin/user-admin-service';
import { can } from '@/lib/auth/permissions';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';
import { requestContext } from '@/lib/request-context';
import { EmptyRow, FilterField, ListFilter } from '../admin-list';
import { LabelledOptions } from '../labelled-options';
import { AdminBreadcrumb } from '../units/admin-breadcrumb';

export const metadata: Metadata = { title: '用户管理' };

type Props = { searchParams: Promise<{ q?: string; role?: string }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'users.manage')) redirect('/');
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
      <ListFilter label="筛选账户">
        <FilterField id="user-q" label="用户名、姓名或单位" grow>
          <Input id="user-q" name="q" defaultValue={rawQ ?? ''} />
        </FilterField>
        <FilterField id="user-role" label="角色">
          <NativeSelect id="user-role" name="role" defaultValue={role ?? ''} className="w-32">
            <option value="">全部</option>
            <LabelledOptions values={ROLES} labels={ROLE_LABELS} />
          </NativeSelect>
        </FilterField>
      </ListFilter>
      <Table caption="账户列表：用户名、姓名、角色、单位、状态" minWidth={340}>
        <TableHeader>
          <TableRow>
            <TableHead>账户</TableHead>
            <TableHead>角色</TableHead>
            <TableHead className="hidden md:table-cell">单位</TableHead>
            <TableHead>状态</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((u) => (
            <TableRow key={u.id} data-username={u.username}>
              <TableCell>
                <Link href={`/admin/users/${u.id}`} className="font-medium text-primary hover:underline">
                  {u.username}
                </Link>
                <div className="text-xs text-muted-foreground">{u.displayName}</div>
                {u.unitName && <div className="text-xs text-muted-foreground md:hidden">{u.unitName}</div>}
              </TableCell>
              <TableCell>{ROLE_LABELS[u.role]}</TableCell>
              <TableCell className="hidden md:table-cell">{u.unitName ?? '—'}</TableCell>
              <TableCell>
                <div className="flex flex-wrap gap-1">
                  {u.active ? <Badge variant="default">启用</Badge> : <Badge variant="secondary">已停用</Badge>}
                  {u.mustChangePassword && <Badge variant="warning">待改密码</Badge>}
                  {u.lockedUntil && <Badge variant="warning">已锁定</Badge>}
                </div>
              </TableCell>
            </TableRow>
          ))}
          {rows.length === 0 && <EmptyRow colSpan={4}>没有符合条件的账户</EmptyRow>}
        </TableBody>
      </Table>
    </div>
  );
}
