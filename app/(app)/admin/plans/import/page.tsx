import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';
import { AdminBreadcrumb } from '../../units/admin-breadcrumb';
import { PlanImportForm } from './import-form';

export const metadata: Metadata = { title: '导入任务清单' };

export default async function PlanImportPage() {
  const { actor } = await requestContext();
  if (!can(actor, 'plans.import')) redirect('/');
  return (
    <div className="flex flex-col gap-4">
      <AdminBreadcrumb items={[{ href: '/lists', label: '任务清单' }, { label: '导入新通知' }]} />
      <div>
        <h1 className="text-xl font-bold md:text-2xl">导入任务清单</h1>
        <p className="text-sm text-muted-foreground">
          先预览：核对部分、任务、牵头与参与单位、将新建的单位、指标建议和解析警告，确认后一次性导入。新清单自动生成调度月份，指标建议在“目标指标”页确认。
        </p>
      </div>
      <PlanImportForm />
    </div>
  );
}
