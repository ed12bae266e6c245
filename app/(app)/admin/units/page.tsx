import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { listUnitsForAdmin } from '@/lib/admin/unit-admin-service';
import { can } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';
import { UNIT_KIND_LABELS } from '@/lib/units/unit-service';
import { AdminBreadcrumb } from './admin-breadcrumb';

export const metadata: Metadata = { title: '单位管理' };

type Props = { searchParams: Promise<{ q?: string; status?: string }> };

export default async function AdminUnitsPage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'units.manage')) redirect('/tasks');
  const { q: rawQ, status: rawStatus } = await searchParams;
  const q = (rawQ ?? '').trim().slice(0, 40);
  const status = rawStatus === 'active' || rawStatus === 'inactive' ? rawStatus : 'all';
  const { plans, units } = await listUnitsForAdmin(ctx);
  const rows = units.filter(
    (u) =>
      (status === 'all' || (status === 'active') === u.active) &&
      (q === '' || u.name.includes(q) || u.aliases.some((a) => a.includes(q))),
  );
  const inactive = units.filter((u) => !u.active).length;

  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ label: '单位管理' }]} />
      <div>
        <h1 className="text-xl font-bold md:text-2xl">单位管理</h1>
        <p className="text-sm text-muted-foreground">
          共 {units.length} 个单位{inactive ? `（其中 ${inactive} 个已停用）` : ''}
          {plans.length ? `，任务数按进行中的 ${plans.length} 份清单统计` : ''}。改名后原名称自动保留为别名；同一单位的两种写法请用“合并”。
        </p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="筛选单位">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor="unit-q" className="text-xs text-muted-foreground">
            名称或别名
          </label>
          <Input id="unit-q" name="q" defaultValue={q} placeholder="如：民政" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="unit-status" className="text-xs text-muted-foreground">
            状态
          </label>
          <NativeSelect id="unit-status" name="status" defaultValue={status} className="w-28">
            <option value="all">全部</option>
            <option value="active">启用</option>
            <option value="inactive">已停用</option>
          </NativeSelect>
        </div>
        <Button type="submit" variant="outline">
          筛选
        </Button>
      </form>
      <p className="text-sm text-muted-foreground" data-testid="unit-count">
        显示 {rows.length} 个
      </p>
      <div className="overflow-x-auto rounded-lg border bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">单位列表：名称、类别、别名、状态、牵头与参与任务数</caption>
          <thead>
            <tr className="border-b text-left text-muted-foreground">
              <th scope="col" className="p-2 font-medium md:p-3">
                单位
              </th>
              <th scope="col" className="hidden p-2 font-medium md:table-cell md:p-3">
                类别
              </th>
              <th scope="col" className="p-2 text-right font-medium md:p-3">
                牵头
              </th>
              <th scope="col" className="p-2 text-right font-medium md:p-3">
                参与
              </th>
              <th scope="col" className="hidden p-2 text-right font-medium sm:table-cell md:p-3">
                账户
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} className="border-b last:border-0" data-unit={u.name}>
                <td className="p-2 md:p-3">
                  <Link href={`/admin/units/${u.id}`} className="font-medium text-primary hover:underline">
                    {u.name}
                  </Link>
                  {!u.active && (
                    <Badge variant="secondary" className="ml-2">
                      已停用
                    </Badge>
                  )}
                  {u.aliases.length > 0 && <div className="break-all text-xs text-muted-foreground">别名：{u.aliases.join('、')}</div>}
                </td>
                <td className="hidden p-2 text-muted-foreground md:table-cell md:p-3">{UNIT_KIND_LABELS[u.kind]}</td>
                <td className="p-2 text-right tabular-nums md:p-3">{u.leadCount}</td>
                <td className="p-2 text-right tabular-nums md:p-3">{u.participatingCount}</td>
                <td className="hidden p-2 text-right tabular-nums sm:table-cell md:p-3">{u.activeUserCount}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="p-4 text-center text-muted-foreground">
                  没有符合条件的单位
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
