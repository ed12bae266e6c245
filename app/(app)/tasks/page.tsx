import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { Pager } from '@/components/pager';
import { TaskTable } from '@/components/task-table';
import { taskRows } from '@/components/task-rows';
import { Button } from '@/components/ui/button';
import { SectionCard } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { FilterField, FilterSelect, SectionField, UnitField } from '@/components/filter-fields';
import { readListFilter } from '@/components/unit-filter';
import { getLedger, ledgerFilterSchema } from '@/lib/ledger/ledger-service';
import { planShortName } from '@/lib/plans/plan-scope';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { unitFilterField } from '@/lib/units/unit-service';
import { isLagging } from '@/lib/warnings/lagging';
import { signalsForPlans } from '@/lib/warnings/task-signals';
import { taskIdsWithLeadState } from '@/lib/oversight/dashboard-service';
import { currentPeriodOf } from '@/lib/reporting/period-service';
import { REPORT_STATE_LABELS } from '@/lib/reporting/report-state';

export const metadata: Metadata = { title: '工作台账' };

const UNIT_ROLE_OPTIONS = [
  { value: 'any', label: '牵头或参与' },
  { value: 'lead', label: '仅牵头' },
  { value: 'participating', label: '仅参与' },
];

export default async function LedgerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requestContext();
  const { db } = ctx;
  const raw = await searchParams;
  const { filter: filters, unitFilter } = await readListFilter(ctx, ledgerFilterSchema, raw);
  const scope = await requestPlanScope();
  if (scope.plans.length === 0) {
    return <p>尚未导入任务清单，请管理员导入通知或由督查室立项。</p>;
  }
  const unitField = await unitFilterField(ctx);
  const signals = await signalsForPlans(ctx, scope.plans);
  // Dashboard drill-downs narrow the ledger to the tasks behind a figure (each list's own current month).
  let inState: Set<number> | null = null;
  if (filters.state) {
    inState = new Set<number>();
    for (const plan of scope.plans) {
      const period = await currentPeriodOf(db, plan.id, ctx.today);
      if (period) for (const id of await taskIdsWithLeadState(ctx, plan.id, period.id, filters.state)) inState.add(id);
    }
  }
  const drill = (filters.signal && filters.level) || filters.state || filters.lagging;
  const keep = (taskId: number) => {
    if (inState && !inState.has(taskId)) return false;
    const s = signals.get(taskId);
    if (filters.signal && filters.level) {
      if (!s) return false;
      const level = filters.signal === 'flag' ? (s.flag?.level ?? 'green') : s[filters.signal].level;
      if (level !== filters.level) return false;
    }
    if (filters.lagging && !(s && isLagging(s))) return false;
    return true;
  };
  const ledger = await getLedger(ctx, scope.plans, filters, { keep: drill ? keep : undefined });
  const severalLists = scope.plans.length > 1;
  const matched = ledger.matched;
  const filtered = filters.section || filters.unit || filters.q || drill;
  const visibleSections = ledger.sections;
  const SIGNAL_WORDS = { late: '报送', pace: '进度', target: '指标', flag: '督查亮灯' } as const;
  const LEVEL_WORDS = { red: '红灯', yellow: '黄灯', green: '正常' } as const;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="工作台账"
        testId="lists-in-view"
        description={`${severalLists ? `全部 ${scope.plans.length} 份任务清单：` : ''}${scope.plans.map((p) => `${p.title}（${p.code}）`).join('；')}`}
      />

      <form method="get" role="search" aria-label="筛选任务" className="grid gap-3 rounded-lg border bg-white p-3 md:grid-cols-[1fr_1.2fr_auto_1fr_auto] md:items-end">
        <SectionField sections={ledger.allSections} value={filters.section} />
        <UnitField field={unitField} value={filters.unit} valueName={unitFilter.unitName} label="责任单位" />
        <FilterSelect id="unitRole" label="单位角色" options={UNIT_ROLE_OPTIONS} value={filters.unitRole} />
        <FilterField id="q" label="关键词">
          <Input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder="任务内容或单位名称" />
        </FilterField>
        <div className="flex gap-2">
          <Button type="submit">筛选</Button>
          {filtered && (
            <Button variant="outline" asChild>
              <Link href="/tasks">清除</Link>
            </Button>
          )}
        </div>
      </form>

      <p className="text-sm text-muted-foreground" aria-live="polite" data-testid="ledger-count">
        {filtered ? `共 ${ledger.total} 项任务，符合条件 ${matched} 项` : `共 ${ledger.total} 项任务`}
      </p>
      {unitFilter.problem && (
        <p className="text-sm text-amber-800" role="status">
          {unitFilter.problem}
        </p>
      )}
      {drill && (
        <p className="text-sm" data-testid="drill-down">
          筛选：{filters.signal && filters.level ? `${SIGNAL_WORDS[filters.signal]}${LEVEL_WORDS[filters.level]}` : ''}
          {filters.state ? `本月月度进展“${REPORT_STATE_LABELS[filters.state]}”` : ''}
          {filters.lagging ? '滞后任务（有红灯或黄灯）' : ''}
        </p>
      )}

      {visibleSections.length === 0 && <p className="rounded-lg border bg-white p-6 text-center">没有符合条件的任务。</p>}

      {visibleSections.map((s) => (
        <SectionCard
          key={s.id}
          aria-labelledby={`section-${s.id}`}
          data-plan-id={s.plan.id}
          titleId={`section-${s.id}`}
          titleClassName=""
          title={
            <>
              {severalLists && <span className="mr-2 rounded bg-muted px-1.5 py-0.5 text-xs font-normal text-muted-foreground">{planShortName(s.plan)}</span>}
              {s.numeral}、{s.title}
              <span className="ml-2 text-sm font-normal text-muted-foreground">
                {s.tasks.length === s.matchedInSection ? `${s.matchedInSection} 项` : `${s.matchedInSection} 项，本页 ${s.tasks.length} 项`}
              </span>
            </>
          }
        >
          <TaskTable rows={taskRows(s.tasks, signals)} caption={`${s.numeral}、${s.title}`} withSignals />
        </SectionCard>
      ))}
      <Pager page={ledger.page} basePath="/tasks" params={raw} />
    </div>
  );
}
