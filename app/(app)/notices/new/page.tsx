import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { Breadcrumb } from '@/components/breadcrumb';
import { Card, CardContent } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { getIssueFormData } from '@/lib/notices/notice-views';
import { newNoticeQuerySchema, type IssueNoticeInput } from '@/lib/notices/schemas';
import type { ServiceContext } from '@/lib/context';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { signalsForTasks } from '@/lib/warnings/task-signals';
import { IssueNoticeForm } from './issue-form';

export const metadata: Metadata = { title: '下发督办单' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The reason of the task's light under `rule` (报送 or 进度) as of today, or '' when no light has it now. */
async function warningReason(ctx: ServiceContext, task: { id: number; planId: number }, rule: string): Promise<string> {
  const s = (await signalsForTasks(ctx, task.planId, { taskIds: [task.id] })).get(task.id);
  return [s?.late, s?.pace].find((light) => light?.rule === rule && light.level !== 'green')?.reason ?? '';
}

/** 下发督办单; from a warning it opens as /notices/new?task=<task id>&rule=late.lead.overdue (and optionally &reason=…). */
export default async function NewNoticePage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'notices.manage')) redirect('/notices');
  const query = newNoticeQuerySchema.parse(await searchParams);
  // A notice can concern a task of any active list, whichever list the page is showing.
  const { active } = await requestPlanScope();
  const data = await getIssueFormData(ctx, active);
  const t = ctx.today;
  const task = query.task !== undefined ? data.tasks.find((x) => x.id === query.task) : undefined;
  const fromWarning = Boolean(task && query.rule);
  // The task page links with the rule only: the warning's words are the task's light of that rule today.
  const reason = fromWarning ? (query.reason ?? (await warningReason(ctx, task!, query.rule!))) : '';
  const defaults: IssueNoticeInput = {
    taskId: task?.id ?? 0,
    level: 'hint',
    unitIds: task ? task.lead.map((u) => u.id) : [],
    problem: reason,
    requirement: '',
    dueDate: addDays(t, 7),
    triggerRule: fromWarning ? (query.rule ?? '') : '',
    triggerReason: reason,
  };

  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: '/notices', label: '督办单' }, { label: '下发督办单' }]} />
      <PageHeader title="下发督办单" description={`编号在下发时按年度自动生成（督办〔${t.slice(0, 4)}〕第N号），责任单位将收到通知。`} />
      <Card>
        <CardContent className="pt-4 md:pt-6">
          {data.tasks.length === 0 ? (
            <p className="text-muted-foreground">没有进行中的任务清单，无法下发督办单。</p>
          ) : (
            <IssueNoticeForm lists={data.lists} tasks={data.tasks} units={data.units} today={t} defaults={defaults} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
