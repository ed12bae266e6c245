import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { FilterSelect } from '@/components/filter-fields';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { isUnitActor, seesAllUnits } from '@/lib/auth/unit-scope';
import { listProblems } from '@/lib/problems/problem-service';
import { problemFilterSchema } from '@/lib/problems/schemas';
import { requestContext } from '@/lib/request-context';
import { ProblemItem } from './problem-item';

export const metadata: Metadata = { title: '问题协调' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS_OPTIONS = [
  { value: '', label: '全部' },
  { value: 'open', label: '待答复' },
  { value: 'answered', label: '已答复' },
  { value: 'closed', label: '已关闭' },
];
const ADDRESSEE_OPTIONS = [
  { value: '', label: '全部' },
  { value: 'office', label: '督查室' },
  { value: 'leader', label: '区领导' },
];

/** 问题协调: problems raised by the units — a unit its own, the oversight roles all — with their answers. */
export default async function ProblemsPage({ searchParams }: Props) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const oversight = seesAllUnits(actor);
  if (!oversight && !isUnitActor(actor)) redirect('/tasks');
  const filters = problemFilterSchema.parse(await searchParams);
  const rows = await listProblems(ctx, filters);
  const filtered = filters.status !== undefined || filters.to !== undefined;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="问题协调"
        description={oversight ? '各责任单位提请督查室、区领导协调解决的问题' : `${actor.unitName ?? '本单位'}提请协调解决的问题；在月度填报页“需协调解决的问题”旁提交`}
      />
      <form method="get" role="search" aria-label="筛选问题" className="flex flex-wrap items-end gap-3 rounded-lg border bg-white p-3">
        <FilterSelect id="status" label="状态" options={STATUS_OPTIONS} value={filters.status} className="w-full sm:w-40" />
        <FilterSelect id="to" label="提请对象" options={ADDRESSEE_OPTIONS} value={filters.to} className="w-full sm:w-40" />
        <div className="flex gap-2">
          <Button type="submit" variant="outline">
            筛选
          </Button>
          {filtered && (
            <Button asChild variant="ghost">
              <Link href="/problems">清除筛选</Link>
            </Button>
          )}
        </div>
      </form>
      <Card>
        <CardContent className="flex flex-col gap-3 pt-4 md:pt-6">
          <p className="text-sm text-muted-foreground" data-testid="problem-count">
            共 {rows.length} 个问题
          </p>
          {rows.length === 0 ? (
            <p className="py-6 text-center text-muted-foreground">{filtered ? '没有符合条件的问题。' : '暂无提请协调的问题。'}</p>
          ) : (
            <div className="flex flex-col gap-3" role="list" aria-label="问题列表">
              {rows.map((p) => (
                <div role="listitem" key={p.id}>
                  <ProblemItem problem={p} />
                </div>
              ))}
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
