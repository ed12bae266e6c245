import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';
import { listUnitGroups } from '@/lib/units/unit-group-service';
import { listUnitOptions, UNIT_KIND_LABELS } from '@/lib/units/unit-service';
import { AdminBreadcrumb } from '../units/admin-breadcrumb';
import { UnitGroupForm } from './unit-group-form';

export const metadata: Metadata = { title: '单位组' };

/** 单位组: what 各镇街, 区直各部门 … in notices stand for; the importer expands them into units. */
export default async function UnitGroupsPage() {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'units.manage')) redirect('/');
  const groups = await listUnitGroups(ctx);
  const units = await listUnitOptions(ctx);
  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ label: '单位组' }]} />
      <div>
        <h1 className="text-xl font-bold md:text-2xl">单位组</h1>
        <p className="text-sm text-muted-foreground">
          通知中“各镇街”“区直各部门”等泛指说法：属于某个单位组的，导入时展开为该组的成员单位（作为参与单位）；不属于任何组的（如“各有关单位”），作为任务备注保留。
        </p>
      </div>
      <ul className="flex flex-col gap-3">
        {groups.map((g) => (
          <li key={g.id} className="rounded-lg border bg-white p-3" data-group={g.name}>
            {g.kinds.length > 0 && (
              <p className="mb-2 text-sm text-muted-foreground">
                包含全部{g.kinds.map((k) => UNIT_KIND_LABELS[k]).join('、')}（共 {g.members.length} 个单位，以后新增的同类单位自动计入），以及下面勾选的单位。
              </p>
            )}
            <UnitGroupForm units={units} group={{ id: g.id, name: g.name, phrases: g.phrases.join('、'), unitIds: g.listed }} />
          </li>
        ))}
        <li className="rounded-lg border border-dashed bg-white p-3">
          <p className="mb-2 text-sm font-medium">新建单位组</p>
          <UnitGroupForm units={units} group={{ name: '', phrases: '', unitIds: [] }} />
        </li>
      </ul>
    </div>
  );
}
