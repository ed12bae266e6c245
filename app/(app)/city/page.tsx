import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formAction } from '@/lib/actions/form-action';
import { compareDistricts } from '@/lib/districts/city-service';
import { monthLabel } from '@/lib/reporting/calendar';
import { requestContext } from '@/lib/request-context';
import { viewDistrictAction } from './actions';

export const metadata: Metadata = { title: '全市对比' };

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** 市督查室: every district side by side; 查看 opens a district's own pages, read-only. */
export default async function CityPage() {
  const ctx = await requestContext();
  const rows = await compareDistricts(ctx);
  return (
    <div className="space-y-4">
      <PageHeader title="全市对比" description={`${rows.length} 个行政区，按各区自己的清单、日历和考核权重计算`} />
      <div className="overflow-x-auto rounded-md border">
        <Table data-testid="city-comparison">
          <TableHeader>
            <TableRow>
              <TableHead>行政区</TableHead>
              <TableHead className="text-right">任务</TableHead>
              <TableHead className="text-right">按时报送率</TableHead>
              <TableHead className="text-right">滞后</TableHead>
              <TableHead className="text-right">逾期</TableHead>
              <TableHead className="text-right">在办督办单</TableHead>
              <TableHead className="text-right">平均得分</TableHead>
              <TableHead>
                <span className="sr-only">查看</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((d) => (
              <TableRow key={d.id} data-district={d.code}>
                <TableCell className="whitespace-nowrap font-medium">
                  {d.name}
                  <span className="block text-xs text-muted-foreground">{d.code}</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">{d.tasks}</TableCell>
                <TableCell className="text-right tabular-nums">{percent(d.onTimeRate)}</TableCell>
                <TableCell className="text-right tabular-nums">{d.lagging}</TableCell>
                <TableCell className="text-right tabular-nums">{d.overdue}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {d.openNotices}
                  {d.overdueNotices > 0 && <span className="block text-xs text-red-700">逾期 {d.overdueNotices}</span>}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {d.averageScore === null ? '—' : d.averageScore.toFixed(1)}
                  {d.scoreMonth && <span className="block text-xs text-muted-foreground">{monthLabel(d.scoreMonth)}</span>}
                </TableCell>
                <TableCell>
                  <form action={formAction(viewDistrictAction)}>
                    <input type="hidden" name="district" value={d.id} />
                    <button type="submit" className="whitespace-nowrap rounded-md border px-2 py-1 text-sm hover:bg-muted" aria-label={`查看${d.name}`}>
                      查看
                    </button>
                  </form>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <p className="text-sm text-muted-foreground">查看某区时，各页面显示该区的台账、总览、逾期、督办与考核，只读。</p>
    </div>
  );
}
