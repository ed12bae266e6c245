import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Breadcrumb } from '@/components/breadcrumb';
import { can } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';
import { listUnitOptions } from '@/lib/units/unit-service';
import { RegisterForm } from './register-form';

export const metadata: Metadata = { title: '督查立项' };

/** 立项: an item decided at a meeting or assigned by a leader, registered by the office. */
export default async function RegisterPage() {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'items.register')) redirect('/tasks');
  const unitNames = (await listUnitOptions(ctx)).map((u) => u.name);
  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: '/lists', label: '任务清单' }, { label: '督查立项' }]} />
      <div>
        <h1 className="text-xl font-bold md:text-2xl">督查立项</h1>
        <p className="text-sm text-muted-foreground">
          会议议定事项和领导交办事项逐项立项：责任单位收到通知，在完成时限前报送办理情况（按事项期限调度），和其他任务一样审核、预警、督办和考核。同一来源的事项归在一起。
        </p>
      </div>
      <RegisterForm unitNames={unitNames} today={ctx.today} />
    </div>
  );
}
