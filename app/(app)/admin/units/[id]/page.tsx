import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { getUnitForAdmin } from '@/lib/admin/unit-admin-service';
import { can } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { requestContext } from '@/lib/request-context';
import { UNIT_KIND_LABELS } from '@/lib/units/unit-service';
import { AdminBreadcrumb } from '../admin-breadcrumb';
import { AddAliasForm, MergeUnitForm, RenameUnitForm, UnitActiveForm } from './unit-forms';

export const metadata: Metadata = { title: '单位管理' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ merged?: string }> };

export default async function AdminUnitPage({ params, searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'units.manage')) redirect('/');
  const { id } = await params;
  const { merged } = await searchParams;
  const unitId = Number(id);
  if (!Number.isInteger(unitId) || unitId <= 0) notFound();
  const unit = await getUnitForAdmin(ctx, unitId);
  if (!unit) notFound();
  const u = unit.usage;
  const usage = [
    ['任务责任关系', u.taskLinks],
    ['账户', u.users],
    ['月度进展', u.reports],
    ['协办情况', u.contributions],
    ['附件', u.attachments],
    ['督办单', u.noticeTargets],
    ['批示签收', u.instructionReceipts],
  ] as const;

  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ href: '/admin/units', label: '单位管理' }, { label: unit.name }]} />
      <div>
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-bold md:text-2xl">
          {unit.name}
          {!unit.active && <Badge variant="secondary">已停用</Badge>}
        </h1>
        <p className="text-sm text-muted-foreground">
          {UNIT_KIND_LABELS[unit.kind]}
          {unit.plans.length ? ` · 进行中的清单中牵头 ${unit.leadCount} 项、参与 ${unit.participatingCount} 项任务` : ''}
          {' · '}
          <Link href={`/tasks?unit=${unit.id}`} className="text-primary hover:underline">
            查看任务
          </Link>
        </p>
      </div>
      {merged && <Alert variant="success">已将“{merged}”合并到本单位，原名称保留为别名。</Alert>}

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">名称与别名</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <div>
              <p className="text-sm font-medium">现有别名</p>
              {unit.aliases.length ? (
                <ul className="mt-1 flex flex-wrap gap-1" aria-label="现有别名">
                  {unit.aliases.map((a) => (
                    <li key={a}>
                      <Badge variant="outline">{a}</Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">暂无</p>
              )}
            </div>
            <RenameUnitForm unitId={unit.id} name={unit.name} />
            <AddAliasForm unitId={unit.id} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle className="text-base">账户</CardTitle>
          </CardHeader>
          <CardContent>
            {unit.users.length ? (
              <ul className="flex flex-col gap-1 text-sm">
                {unit.users.map((x) => (
                  <li key={x.id}>
                    <Link href={`/admin/users/${x.id}`} className="text-primary hover:underline">
                      {x.displayName}（{x.username}）
                    </Link>{' '}
                    <span className="text-muted-foreground">
                      {ROLE_LABELS[x.role]}
                      {x.active ? '' : ' · 已停用'}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-muted-foreground">该单位没有账户。</p>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle className="text-base">合并到另一个单位</CardTitle>
            <p className="text-sm text-muted-foreground">
              用于同一单位的两种写法，或单位撤并。将转入目标单位：
              {usage.map(([label, n]) => `${label} ${n}`).join('，')}。两个单位在同一任务同一月份都有填报时不能合并。
            </p>
          </CardHeader>
          <CardContent>
            <MergeUnitForm sourceId={unit.id} sourceName={unit.name} targets={unit.mergeTargets} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle className="text-base">{unit.active ? '停用' : '启用'}</CardTitle>
          </CardHeader>
          <CardContent>
            <UnitActiveForm unitId={unit.id} active={unit.active} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
