import type { Metadata } from 'next';
import Link from 'next/link';
import { TaskTable } from '@/components/task-table';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Input, NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { getLedger, ledgerFilterSchema } from '@/lib/ledger/ledger-service';
import { today } from '@/lib/clock';
import { listUnitOptions } from '@/lib/units/unit-service';
import { signalsForTasks } from '@/lib/warnings/task-signals';

export const metadata: Metadata = { title: '工作台账' };

export default async function LedgerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const filters = ledgerFilterSchema.parse(await searchParams);
  const db = getDb();
  const ledger = getLedger(db, actor, filters);
  if (!ledger) {
    return <p>尚未导入年度任务清单，请管理员导入通知。</p>;
  }
  const unitOptions = listUnitOptions(db, actor);
  const signals = signalsForTasks(db, actor, ledger.plan.id, today());
  const filtered = filters.section || filters.unit || filters.q;
  const visibleSections = ledger.sections.filter((s) => s.tasks.length > 0);

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">工作台账</h1>
        <p className="text-sm text-muted-foreground">
          {ledger.plan.title}（{ledger.plan.code}）
        </p>
      </div>

      <form method="get" role="search" aria-label="筛选任务" className="grid gap-3 rounded-lg border bg-white p-3 md:grid-cols-[1fr_1.2fr_auto_1fr_auto] md:items-end">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="section">部分</Label>
          <NativeSelect id="section" name="section" defaultValue={filters.section ?? ''}>
            <option value="">全部部分</option>
            {ledger.sections.map((s) => (
              <option key={s.no} value={s.no}>
                {s.numeral}、{s.title}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="unit">责任单位</Label>
          <NativeSelect id="unit" name="unit" defaultValue={filters.unit ?? ''}>
            <option value="">全部单位</option>
            {unitOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="unitRole">单位角色</Label>
          <NativeSelect id="unitRole" name="unitRole" defaultValue={filters.unitRole}>
            <option value="any">牵头或参与</option>
            <option value="lead">仅牵头</option>
            <option value="participating">仅参与</option>
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="q">关键词</Label>
          <Input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder="任务内容或单位名称" />
        </div>
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
        {filtered ? `共 ${ledger.total} 项任务，符合条件 ${ledger.matched} 项` : `共 ${ledger.total} 项任务`}
      </p>

      {visibleSections.length === 0 && <p className="rounded-lg border bg-white p-6 text-center">没有符合条件的任务。</p>}

      {visibleSections.map((s) => (
        <Card key={s.no} aria-labelledby={`section-${s.no}`}>
          <CardHeader className="pb-2 md:pb-2">
            <CardTitle id={`section-${s.no}`}>
              {s.numeral}、{s.title}
              <span className="ml-2 text-sm font-normal text-muted-foreground">{s.tasks.length} 项</span>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <TaskTable tasks={s.tasks} caption={`${s.numeral}、${s.title}`} signals={signals} />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
