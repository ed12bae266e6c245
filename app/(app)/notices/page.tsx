import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { FilterSelect, UnitField } from '@/components/filter-fields';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { isUnitActor, seesAllUnits } from '@/lib/auth/unit-scope';
import { listNotices } from '@/lib/notices/notice-views';
import { chineseDate, noticeFilterSchema } from '@/lib/notices/schemas';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { listUnitOptions } from '@/lib/units/unit-service';
import { NoticeLevelBadge, NoticeStatusBadge, OverdueText, TargetStatusBadge } from './notice-badges';
import { SignalLights } from '@/components/signal-lights';
import { movedDateText } from '@/lib/extensions/extension-rules';
import { signalsForPlans } from '@/lib/warnings/task-signals';

export const metadata: Metadata = { title: '督办单' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS_OPTIONS = [
  { value: '', label: '全部' },
  { value: 'open', label: '办理中' },
  { value: 'overdue', label: '已逾期' },
  { value: 'closed', label: '已办结' },
];

/** A cell that becomes a line of its row's card on a phone. */
const STACKED = 'max-md:block max-md:py-0.5';

export default async function NoticesPage({ searchParams }: Props) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const oversight = seesAllUnits(actor);
  if (!oversight && !isUnitActor(actor)) redirect('/tasks');
  const filters = noticeFilterSchema.parse(await searchParams);
  const rows = await listNotices(ctx, oversight ? filters : { status: filters.status });
  const unitOptions = oversight ? await listUnitOptions(ctx) : [];
  // Lights for the tasks of the lists in view (notices of other lists are listed without them).
  const { plans } = await requestPlanScope();
  const signals = await signalsForPlans(ctx, plans, { taskIds: [...new Set(rows.map((r) => r.task.id))] });
  const filtered = filters.status !== undefined || (oversight && filters.unit !== undefined);

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="督办单"
        description={oversight ? '督查室下发的督办单及各责任单位整改情况' : `发给${actor.unitName ?? '本单位'}的督办单`}
        actions={
          can(actor, 'notices.manage') && (
            <Button asChild>
              <Link href="/notices/new">下发督办单</Link>
            </Button>
          )
        }
      />

      <form method="get" role="search" aria-label="筛选督办单" className="flex flex-wrap items-end gap-3 rounded-lg border bg-white p-3">
        <FilterSelect id="status" label="状态" options={STATUS_OPTIONS} value={filters.status} className="w-full sm:w-40" />
        {oversight && <UnitField field={{ mode: 'select', units: unitOptions }} value={filters.unit} label="责任单位" className="w-full sm:w-64" />}
        <div className="flex gap-2">
          <Button type="submit" variant="outline">
            筛选
          </Button>
          {filtered && (
            <Button asChild variant="ghost">
              <Link href="/notices">清除筛选</Link>
            </Button>
          )}
        </div>
      </form>

      <Card>
        <CardContent className="pt-4 md:pt-6">
          <p className="mb-2 text-sm text-muted-foreground" data-testid="notice-count">
            共 {rows.length} 份督办单
          </p>
          {rows.length === 0 ? (
            <p className="py-6 text-center text-muted-foreground">{filtered ? '没有符合条件的督办单。' : '暂无督办单。'}</p>
          ) : (
            <Table variant="plain" minWidth={0} caption="督办单列表">
              <TableHeader className="max-md:sr-only">
                <TableRow>
                  <TableHead>编号</TableHead>
                  <TableHead>级别</TableHead>
                  <TableHead>关联任务</TableHead>
                  <TableHead>{oversight ? '责任单位及反馈' : '本单位反馈'}</TableHead>
                  <TableHead>办理时限</TableHead>
                  <TableHead>状态</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.id} data-notice-id={r.id} data-notice-no={r.no} className="max-md:block max-md:py-3">
                    <TableCell className="max-md:inline max-md:py-0 max-md:pr-2">
                      <Link href={`/notices/${r.id}`} className="whitespace-nowrap font-medium text-primary hover:underline">
                        {r.no}
                      </Link>
                    </TableCell>
                    <TableCell className="max-md:inline max-md:py-0">
                      <NoticeLevelBadge level={r.level} />
                    </TableCell>
                    <TableCell className={STACKED}>
                      <span className="text-muted-foreground md:hidden">任务：</span>
                      <Link href={`/tasks/${r.task.id}`} className="hover:underline">
                        {r.task.label}. {r.task.title}
                      </Link>
                      {signals.get(r.task.id) && (
                        <div className="mt-1">
                          <SignalLights signals={signals.get(r.task.id)!} compact />
                        </div>
                      )}
                    </TableCell>
                    <TableCell className={STACKED}>
                      <span className="sr-only md:hidden">责任单位：</span>
                      <ul className="flex flex-col gap-1" aria-label="责任单位及反馈情况">
                        {r.targets.map((target) => (
                          <li key={target.id} className="flex flex-wrap items-center gap-x-2 gap-y-0.5" data-unit={target.unit.name}>
                            <span>{target.unit.name}</span>
                            <TargetStatusBadge status={target.status} />
                          </li>
                        ))}
                      </ul>
                    </TableCell>
                    <TableCell className={STACKED}>
                      <span className="text-muted-foreground md:hidden">办理时限：</span>
                      <span className="whitespace-nowrap">{chineseDate(r.dueDate)}</span>
                      {r.originalDueDate && <span className="block text-xs text-muted-foreground">{movedDateText(r.dueDate, r.originalDueDate)}</span>}
                      <OverdueText days={r.overdueDays} className="block max-md:ml-2 max-md:inline" />
                    </TableCell>
                    <TableCell className={STACKED}>
                      <NoticeStatusBadge status={r.status} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
