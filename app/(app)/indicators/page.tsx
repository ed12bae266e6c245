import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { PillLink } from '@/components/pill-link';
import { can } from '@/lib/auth/permissions';
import { listIndicatorsForReview } from '@/lib/indicators/indicator-service';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { IndicatorRowForm } from './indicator-row-form';

export const metadata: Metadata = { title: '目标指标' };

/** 目标指标管理: the office confirms, edits or removes what the extractor proposed. */
export default async function IndicatorsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'indicators.manage')) redirect('/tasks');
  const { status } = await searchParams;
  const filter = status === 'proposed' || status === 'confirmed' ? status : undefined;
  const { plans } = await requestPlanScope();
  const rows = await listIndicatorsForReview(ctx, plans, { status: filter });
  const byTask = new Map<number, typeof rows>();
  for (const r of rows) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  const tabs = [
    { key: undefined, label: '全部' },
    { key: 'proposed', label: '待确认' },
    { key: 'confirmed', label: '已确认' },
  ];
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="目标指标" description="导入通知时系统从任务原文中识别出指标建议（含指标类型），请核对后确认；确认后的指标由牵头单位每月填报：累计值填累计完成数，水平值、同比增长、上限填本月数值，完成与否填是否完成。" />
      <nav aria-label="按状态筛选" className="flex gap-1">
        {tabs.map((t) => (
          <PillLink key={t.label} href={t.key ? `/indicators?status=${t.key}` : '/indicators'} current={filter === t.key}>
            {t.label}
          </PillLink>
        ))}
      </nav>
      <p className="text-sm text-muted-foreground">共 {rows.length} 项</p>
      {[...byTask.entries()].map(([taskId, list]) => (
        <section key={taskId} className="rounded-lg border bg-white p-3" aria-labelledby={`t${taskId}`}>
          <h2 id={`t${taskId}`} className="mb-2 font-semibold">
            <Link href={`/tasks/${taskId}`} className="hover:underline">
              {list[0]!.taskLabel}. {list[0]!.taskTitle}
            </Link>
          </h2>
          <ul className="flex flex-col gap-4">
            {list.map((r) => (
              <li key={r.id} className="border-t pt-3 first:border-0 first:pt-0">
                <p className="mb-1 text-xs text-muted-foreground">原文：“{r.sourcePhrase}”</p>
                <IndicatorRowForm id={r.id} status={r.status} values={{ name: r.name, target: r.target, targetMax: r.targetMax, unit: r.unit, comparator: r.comparator, kind: r.kind }} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
