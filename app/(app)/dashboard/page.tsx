import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { OnTimeChart } from '@/components/on-time-chart';
import { lightsOf } from '@/components/task-rows';
import { SectionCard } from '@/components/ui/card';
import { Table, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getDashboard, type DashboardPeriod } from '@/lib/oversight/dashboard-service';
import { planShortName } from '@/lib/plans/plan-scope';
import { dateLabel, monthLabel } from '@/lib/reporting/calendar';
import { REPORT_STATE_LABELS, type ReportState } from '@/lib/reporting/report-state';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { IndicatorsBehindList, LaggingList, SectionSignalRows } from './dashboard-lists';

export const metadata: Metadata = { title: '总览' };

const STATES: ReportState[] = ['none', 'draft', 'submitted', 'approved', 'returned'];
const SIGNALS = [
  ['late', '报送'],
  ['pace', '进度'],
  ['target', '指标'],
] as const;

/** Counts side by side in one row, each a link to the tasks or items behind it. */
function CountTiles({ label, tiles }: { label: string; tiles: { key: string; label: string; count: number; href: string; stateCount?: string }[] }) {
  return (
    <ul className="grid gap-1 text-center text-xs sm:text-sm" style={{ gridTemplateColumns: `repeat(${tiles.length}, minmax(0, 1fr))` }} aria-label={label}>
      {tiles.map((t) => (
        <li key={t.key}>
          <Link href={t.href} className="block rounded-md border p-2 hover:bg-muted" data-state-count={t.stateCount}>
            <span className="block text-muted-foreground">{t.label}</span>
            <span className="text-lg font-semibold tabular-nums">{t.count}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** This month's reporting round: one line when every list has the same deadlines, else one per list. */
function periodsText(periods: DashboardPeriod[]): string {
  if (periods.length === 0) return '';
  const deadlines = (p: DashboardPeriod) => (p.cadence === 'per_item' ? '按事项期限' : `牵头单位截止 ${dateLabel(p.leadDeadline)}`);
  const one = (p: DashboardPeriod) => `${monthLabel(p.month)}调度（${deadlines(p)}）`;
  const same = new Set(periods.map((p) => `${p.month}|${deadlines(p)}`)).size === 1;
  return same ? one(periods[0]!) : periods.map((p) => `${p.planLabel} ${one(p)}`).join('；');
}

/**
 * 总览 over the lists in view: counts, the section × signal overview (grouped by list), lagging tasks,
 * on-time trend, indicators furthest behind.
 */
export default async function DashboardPage() {
  const ctx = await requestContext();
  const t = ctx.today;
  const scope = await requestPlanScope();
  if (scope.plans.length === 0) return <p>尚未导入任务清单。</p>;
  const d = await getDashboard(ctx, scope.plans);
  const unitParam = d.scope.unitId ? `&unit=${d.scope.unitId}` : '';
  const severalLists = d.plans.length > 1;
  const period = periodsText(d.periods);

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="总览"
        description={
          <>
            {d.scope.unitName ? `${d.scope.unitName} · ` : '全区 · '}
            {severalLists ? `${d.plans.length} 个任务清单（${d.plans.map(planShortName).join('、')}）` : d.plans[0]!.title} · 截至 {dateLabel(t)}
            {period && ` · ${period}`}
          </>
        }
      />

      {d.periods.length > 0 && (
        <div className="grid gap-4 md:grid-cols-2">
          <SectionCard title="本月月度进展">
            <CountTiles
              label="本月月度进展状态"
              tiles={STATES.map((s) => ({ key: s, label: REPORT_STATE_LABELS[s], count: d.leadCounts[s], href: `/tasks?state=${s}${unitParam}`, stateCount: s }))}
            />
          </SectionCard>
          <SectionCard title="本月协办情况">
            <CountTiles
              label="本月协办情况状态"
              tiles={[
                { key: 'none', label: '未报送', count: d.partCounts.none + d.partCounts.draft, href: '/overdue?kind=part' },
                { key: 'submitted', label: '已报送', count: d.partCounts.submitted + d.partCounts.approved, href: '/review?kind=contribution&state=submitted' },
                { key: 'returned', label: '已退回', count: d.partCounts.returned, href: '/review?kind=contribution&state=returned' },
              ]}
            />
          </SectionCard>
        </div>
      )}

      <SectionCard title="各部分预警（红 / 黄 / 正常，点击查看任务）">
        <Table variant="plain" dense minWidth={560} caption="部分 × 预警类型">
          <TableHeader>
            <TableRow>
              <TableHead>部分</TableHead>
              {SIGNALS.map(([, label]) => (
                <TableHead key={label}>{label}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <SectionSignalRows
            unitParam={unitParam}
            rows={d.sections.map((s) => ({
              id: s.id,
              list: severalLists ? s.planLabel : null,
              planLabel: s.planLabel,
              name: `${s.numeral}、${s.title}`,
              taskCount: s.taskCount,
              counts: SIGNALS.map(([key]) => [s[key].red, s[key].yellow, s[key].green] as [number, number, number]),
            }))}
          />
        </Table>
      </SectionCard>

      <div className="grid gap-4 lg:grid-cols-2">
        <SectionCard title="按时报送率">
          {d.onTimeByMonth.length ? <OnTimeChart data={d.onTimeByMonth} /> : <p className="text-sm text-muted-foreground">暂无已截止的月份。</p>}
        </SectionCard>
        <SectionCard title="落后最多的指标">
          {d.indicatorsBehind.length === 0 ? (
            <p className="text-sm text-muted-foreground">暂无落后于序时进度或未达目标的指标。</p>
          ) : (
            // Said by kind: 落后序时进度 for a cumulative figure, 低于目标 / 超过上限 for the others.
            <IndicatorsBehindList rows={d.indicatorsBehind.map((i) => ({ taskId: i.taskId, title: `${i.taskLabel}. ${i.name}`, reason: i.reason }))} />
          )}
        </SectionCard>
      </div>

      <SectionCard
        title={
          <>
            滞后任务 <span className="text-sm font-normal text-muted-foreground">{d.laggingTotal} 项</span>
          </>
        }
      >
        {d.lagging.length === 0 ? (
          <p className="text-sm text-muted-foreground">暂无滞后任务。</p>
        ) : (
          <LaggingList rows={d.lagging.map((l) => ({ taskId: l.taskId, title: `${l.label}. ${l.title}`, noMeasure: l.noMeasure, signals: lightsOf(l.signals) }))} />
        )}
        {d.laggingTotal > d.lagging.length && (
          <p className="mt-2 text-sm">
            <Link href={`/tasks?lagging=1${unitParam}`} className="text-primary hover:underline">
              查看全部 {d.laggingTotal} 项滞后任务（此处列出红灯最多的 {d.lagging.length} 项）
            </Link>
          </p>
        )}
      </SectionCard>
    </div>
  );
}
