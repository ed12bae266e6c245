import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { TaskTable } from '@/components/task-table';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { getMyTasks } from '@/lib/ledger/ledger-service';

export const metadata: Metadata = { title: '本单位任务' };

export default async function MyTasksPage() {
  const actor = await requireActor();
  // Supervisors, leaders and admins have no unit tasks of their own: their view is the ledger.
  if (!can(actor, 'myTasks.read')) redirect('/tasks');
  const my = getMyTasks(getDb(), actor);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">本单位任务</h1>
        <p className="text-sm text-muted-foreground">
          {my.unit.name}
          {my.plan ? ` · ${my.plan.year} 年重点工作任务` : ''}
        </p>
      </div>
      <Card aria-labelledby="leading-title">
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle id="leading-title">
            牵头任务 <span className="text-sm font-normal text-muted-foreground">{my.leading.length} 项</span>
          </CardTitle>
          <p className="text-sm text-muted-foreground">本单位负责每月汇总报送进展</p>
        </CardHeader>
        <CardContent>
          {my.leading.length ? (
            <TaskTable tasks={my.leading} caption="本单位牵头的任务" />
          ) : (
            <p className="text-muted-foreground">本单位今年没有牵头任务。</p>
          )}
        </CardContent>
      </Card>
      <Card aria-labelledby="joining-title">
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle id="joining-title">
            参与任务 <span className="text-sm font-normal text-muted-foreground">{my.joining.length} 项</span>
          </CardTitle>
          <p className="text-sm text-muted-foreground">本单位每月向牵头单位报送协办情况</p>
        </CardHeader>
        <CardContent>
          {my.joining.length ? (
            <TaskTable tasks={my.joining} caption="本单位参与的任务" />
          ) : (
            <p className="text-muted-foreground">本单位今年没有参与的任务。</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
