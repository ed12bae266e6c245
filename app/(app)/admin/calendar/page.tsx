import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { currentPlan } from '@/lib/ledger/ledger-service';
import { DEFAULT_CONTRIBUTION_DAY, DEFAULT_LEAD_DAY, monthLabel } from '@/lib/reporting/calendar';
import { listPeriods } from '@/lib/reporting/period-service';
import { DeadlineRowForm, RangeForm } from './calendar-forms';

export const metadata: Metadata = { title: '调度日历' };

export default async function CalendarPage() {
  const actor = await requireActor();
  if (!can(actor, 'calendar.manage')) redirect('/tasks');
  const db = getDb();
  const plan = currentPlan(db);
  if (!plan) return <p>尚未导入年度任务清单。</p>;
  const periods = listPeriods(db, plan.id);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">调度日历</h1>
        <p className="text-sm text-muted-foreground">
          {plan.title}。默认每月 {DEFAULT_CONTRIBUTION_DAY} 日前参与单位报送协办情况，{DEFAULT_LEAD_DAY} 日前牵头单位报送月度进展；节假日前后可逐月调整。
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">调度月份</CardTitle>
        </CardHeader>
        <CardContent>
          <RangeForm values={{ planId: plan.id, from: periods[0]?.month ?? `${plan.year}-01`, to: periods.at(-1)?.month ?? `${plan.year}-12` }} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">各月截止日期</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {periods.map((p) => (
            <DeadlineRowForm
              key={p.id}
              monthText={monthLabel(p.month)}
              values={{ periodId: p.id, contributionDeadline: p.contributionDeadline, leadDeadline: p.leadDeadline }}
            />
          ))}
        </CardContent>
      </Card>
    </div>
  );
}
