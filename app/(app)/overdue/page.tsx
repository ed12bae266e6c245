import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/pager';
import { PrintButton } from '@/components/print-button';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { SectionField, UnitField } from '@/components/filter-fields';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { listSections } from '@/lib/ledger/ledger-service';
import { listOverdue, OVERDUE_KINDS, overdueFilterSchema, type OverdueFilter } from '@/lib/oversight/overdue-service';
import { dateLabel, monthLabel } from '@/lib/reporting/calendar';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { OverdueRows } from './overdue-rows';
import { resolveUnitFilter, unitFilterField, unitNameParamSchema } from '@/lib/units/unit-service';

export const metadata: Metadata = { title: '逾期清单' };

export default async function OverduePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const raw = await searchParams;
  const parsed = overdueFilterSchema.parse(raw);
  const unitFilter = await resolveUnitFilter(ctx, { unit: parsed.unit, unitName: unitNameParamSchema.parse(raw.unitName) });
  const filter = { ...parsed, unit: unitFilter.unitId };
  const scope = await requestPlanScope();
  if (scope.plans.length === 0) return <p>尚未导入任务清单。</p>;
  const t = ctx.today;
  const list = await listOverdue(ctx, scope.plans, filter);
  const items = list.items;
  const oversight = seesAllUnits(actor);
  const sections = await listSections(ctx, scope.plans);
  const unitField = oversight ? await unitFilterField(ctx) : null;
  const sortLink = (sort: OverdueFilter['sort']) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' && v !== '' && k !== 'sort' && k !== 'page') q.set(k, v);
    q.set('sort', sort);
    return `/overdue?${q.toString()}`;
  };
  const SortHeader = ({ sort, children }: { sort: OverdueFilter['sort']; children: React.ReactNode }) => (
    <TableHead aria-sort={filter.sort === sort ? (sort === 'days' ? 'descending' : 'ascending') : 'none'}>
      <Link href={sortLink(sort)} className="hover:underline print:no-underline">
        {children}
        {filter.sort === sort ? ' ▾' : ''}
      </Link>
    </TableHead>
  );

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold md:text-2xl">逾期清单</h1>
          <p className="text-sm text-muted-foreground">
            截至 {dateLabel(t)}，{oversight ? '全区' : actor.unitName}所有逾期事项：未按期报送的月度进展和协办情况、退回后超期未重报的报告、逾期未反馈的督办单
          </p>
        </div>
        <PrintButton />
      </div>

      <form method="get" role="search" aria-label="筛选逾期事项" className="grid gap-3 rounded-lg border bg-white p-3 sm:grid-cols-2 md:grid-cols-[1fr_1fr_1fr_auto] md:items-end print:hidden">
        <SectionField sections={sections} value={filter.section} />
        {unitField && <UnitField field={unitField} value={filter.unit} valueName={unitFilter.unitName} />}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="kind">类型</Label>
          <NativeSelect id="kind" name="kind" defaultValue={filter.kind ?? ''}>
            <option value="">全部类型</option>
            {Object.entries(OVERDUE_KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </NativeSelect>
        </div>
        <input type="hidden" name="sort" value={filter.sort} />
        <Button type="submit">筛选</Button>
      </form>

      {oversight && unitFilter.problem && (
        <p className="text-sm text-amber-800" role="status">
          {unitFilter.problem}
        </p>
      )}
      <p className="text-sm" data-testid="overdue-count">
        共 {list.total} 项逾期
      </p>
      {list.total === 0 ? (
        <p className="rounded-lg border bg-white p-6 text-center">没有逾期事项。</p>
      ) : (
        <Table caption="逾期事项" className="overdue-table">
          <TableHeader>
            <TableRow>
              <SortHeader sort="task">任务</SortHeader>
              <SortHeader sort="unit">单位</SortHeader>
              <SortHeader sort="kind">事项</SortHeader>
              <TableHead>截止</TableHead>
              <SortHeader sort="days">逾期天数</SortHeader>
              <TableHead>预警</TableHead>
            </TableRow>
          </TableHeader>
          <OverdueRows
            rows={items.map((i) => ({
              name: `${i.kind}-${i.taskNo}-${i.unitName}`,
              href: i.link,
              task: `${i.taskLabel}. ${i.taskTitle}`,
              unit: i.unitName,
              kind: OVERDUE_KINDS[i.kind],
              what: i.kind === 'notice' ? i.what : monthLabel(i.what),
              due: dateLabel(i.dueOn),
              days: i.daysOverdue,
              light: `${i.kind === 'notice' ? '督办' : '报送'}红灯`,
              reason: i.reason,
            }))}
          />
        </Table>
      )}
      <Pager page={list} basePath="/overdue" params={raw} />
    </div>
  );
}
