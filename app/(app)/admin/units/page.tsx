import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Input, NativeSelect } from '@/components/ui/input';
import { listUnitsForAdmin } from '@/lib/admin/unit-admin-service';
import { can } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';
import { UnitTable } from '../../units/unit-table';
import { FilterField, ListFilter } from '../admin-list';
import { AdminBreadcrumb } from './admin-breadcrumb';

export const metadata: Metadata = { title: '单位管理' };

type Props = { searchParams: Promise<{ q?: string; status?: string }> };

export default async function AdminUnitsPage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'units.manage')) redirect('/');
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
      <ListFilter label="筛选单位">
        <FilterField id="unit-q" label="名称或别名" grow>
          <Input id="unit-q" name="q" defaultValue={q} placeholder="如：民政" />
        </FilterField>
        <FilterField id="unit-status" label="状态">
          <NativeSelect id="unit-status" name="status" defaultValue={status} className="w-28">
            <option value="all">全部</option>
            <option value="active">启用</option>
            <option value="inactive">已停用</option>
          </NativeSelect>
        </FilterField>
      </ListFilter>
      <p className="text-sm text-muted-foreground" data-testid="unit-count">
        显示 {rows.length} 个
      </p>
      <UnitTable
        caption="单位列表：名称、类别、别名、状态、牵头与参与任务数"
        units={rows}
        accounts={(u) => u.activeUserCount}
        empty="没有符合条件的单位"
        name={(u) => (
          <>
            <Link href={`/admin/units/${u.id}`} className="font-medium text-primary hover:underline">
              {u.name}
            </Link>
            {!u.active && (
              <Badge variant="secondary" className="ml-2">
                已停用
              </Badge>
            )}
            {u.aliases.length > 0 && <div className="break-all text-xs text-muted-foreground">别名：{u.aliases.join('、')}</div>}
          </>
        )}
      />
    </div>
  );
}
