import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { Pager } from '@/components/pager';
import { lightsOf } from '@/components/task-rows';
import { Button } from '@/components/ui/button';
import { FilterSelect, SectionField, UnitField } from '@/components/filter-fields';
import { readListFilter } from '@/components/unit-filter';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import { listSections } from '@/lib/ledger/ledger-service';
import { remindablePeriods } from '@/lib/notifications/reminder-service';
import { monthLabel } from '@/lib/reporting/calendar';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { listReviewQueue } from '@/lib/review/review-service';
import { reviewQueueFilterSchema } from '@/lib/review/schemas';
import { unitFilterField } from '@/lib/units/unit-service';
import { signalsForPlans } from '@/lib/warnings/task-signals';
import { RemindButton } from './remind-button';
import { ReviewQueueList } from './review-queue-list';

export const metadata: Metadata = { title: '审核' };

const STATE_OPTIONS = [
  { value: 'submitted', label: '待审核' },
  { value: 'returned', label: '已退回' },
  { value: 'approved', label: '已通过' },
];
const KIND_OPTIONS = [
  { value: 'all', label: '全部' },
  { value: 'report', label: '月度进展' },
  { value: 'contribution', label: '协办情况' },
];

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  if (!can(actor, 'reports.readAll')) redirect('/my');
  const raw = await searchParams;
  const { filter, unitFilter } = await readListFilter(ctx, reviewQueueFilterSchema, raw);
  const scope = await requestPlanScope();
  if (scope.plans.length === 0) return <p>尚未导入任务清单。</p>;
  const queue = await listReviewQueue(ctx, scope.plans, filter);
  const items = queue.items;
  const signals = await signalsForPlans(ctx, scope.plans, { taskIds: [...new Set(items.map((i) => i.taskId))] });
  const months = [...new Set((await remindablePeriods(ctx, scope.plans)).map((p) => p.month))].sort();
  const sections = await listSections(ctx, scope.plans);
  const unitField = await unitFilterField(ctx);
  const canReview = can(actor, 'reports.review');

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="审核"
        description="单位报送的月度进展和协办情况，按报送时间先后排列"
        actions={can(actor, 'reminders.send') && months.length > 0 && <RemindButton label={`一键催办 ${months.map(monthLabel).join('、')}未报送单位`} />}
      />

      <form method="get" role="search" aria-label="筛选审核队列" className="grid gap-3 rounded-lg border bg-white p-3 sm:grid-cols-2 md:grid-cols-[1fr_1fr_auto_auto_auto] md:items-end">
        <SectionField sections={sections} value={filter.section} />
        <UnitField field={unitField} value={filter.unit} valueName={unitFilter.unitName} />
        <FilterSelect id="state" label="状态" options={STATE_OPTIONS} value={filter.state} />
        <FilterSelect id="kind" label="类型" options={KIND_OPTIONS} value={filter.kind} />
        <Button type="submit">筛选</Button>
      </form>

      {unitFilter.problem && (
        <p className="text-sm text-amber-800" role="status">
          {unitFilter.problem}
        </p>
      )}
      <p className="text-sm text-muted-foreground" data-testid="queue-count">
        共 {queue.total} 份
      </p>
      {queue.total === 0 ? (
        <p className="rounded-lg border bg-white p-6 text-center">没有符合条件的材料。</p>
      ) : (
        <ReviewQueueList
          tasks={Object.fromEntries(
            items.map((item) => {
              const s = signals.get(item.taskId);
              return [item.taskId, { title: `${item.taskLabel}. ${item.taskTitle}`, signals: s ? lightsOf(s) : null }];
            }),
          )}
          rows={items.map((item) => ({
            kind: item.kind,
            id: item.id,
            taskId: item.taskId,
            taskNo: item.taskNo,
            unit: item.unitName,
            month: item.month,
            ...(item.resubmission ? { resubmission: true as const } : {}),
            status: item.status,
            submittedAt: item.submittedAt ? formatDateTime(item.submittedAt) : '',
            ...(canReview && item.status === 'submitted' ? { reviewable: true as const } : {}),
          }))}
        />
      )}
      <Pager page={queue} basePath="/review" params={raw} unit="份" />
    </div>
  );
}
