import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { getUnitBreakdown } from '@/lib/assessment/assessment-service';
import { COMPONENT_LABELS } from '@/lib/assessment/score';
import { can } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';
import { today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { currentPlan } from '@/lib/ledger/ledger-service';
import { monthLabel } from '@/lib/reporting/calendar';
import { listPeriods } from '@/lib/reporting/period-service';
import { ExplanationForm } from '../explanation-form';

export const metadata: Metadata = { title: '考核明细' };

export default async function UnitBreakdownPage({ params, searchParams }: { params: Promise<{ unitId: string }>; searchParams: Promise<{ period?: string }> }) {
  const actor = await requireActor();
  const unitId = Number((await params).unitId);
  if (!Number.isInteger(unitId) || unitId <= 0) notFound();
  // Unit staff only ever see their own unit.
  if (!can(actor, 'reports.readAll') && unitId !== actor.unitId) redirect(`/assessment/${actor.unitId}`);
  const db = getDb();
  const plan = currentPlan(db);
  if (!plan) notFound();
  const t = today();
  const { period: month } = await searchParams;
  const periods = listPeriods(db, plan.id).filter((p) => p.leadDeadline < t);
  const period = periods.find((p) => p.month === month) ?? periods.at(-1);
  if (!period) return <p>还没有可考核的月份。</p>;
  const b = getUnitBreakdown(db, actor, period.id, unitId, t);
  if (!b.score) notFound();
  const inWindow = !b.locked && t >= b.window.opens && t <= b.window.closes;

  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="面包屑" className="text-sm text-muted-foreground">
        <Link href={`/assessment?period=${period.month}`} className="hover:underline">
          考核
        </Link>{' '}
        › {b.score.unitName}
      </nav>
      <div>
        <h1 className="text-xl font-bold md:text-2xl">
          {b.score.unitName} · {monthLabel(period.month)}考核
        </h1>
        <p className="text-sm" data-testid="unit-score">
          得分 <span className="text-lg font-semibold">{b.score.total.toFixed(1)}</span>，第 {b.score.rank} 名（共 {b.unitCount} 个单位）
          {b.locked ? '，已锁定' : '，实时计算'}
        </p>
      </div>
      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">得分明细</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <table className="w-full min-w-[320px] text-sm">
            <caption className="sr-only">得分明细</caption>
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th scope="col" className="py-1.5 font-medium">项目</th>
                <th scope="col" className="py-1.5 font-medium">依据</th>
                <th scope="col" className="py-1.5 text-right font-medium">完成率</th>
                <th scope="col" className="py-1.5 text-right font-medium">得分</th>
              </tr>
            </thead>
            <tbody>
              {b.score.components.map((c) => (
                <tr key={c.key} className="border-b last:border-0" data-component={c.key}>
                  <td className="py-1.5 whitespace-nowrap" title={COMPONENT_LABELS[c.key].rule}>
                    {c.name}
                  </td>
                  <td className="py-1.5 text-muted-foreground">{c.detail}</td>
                  <td className="py-1.5 text-right tabular-nums">{c.rate === null ? '不计' : `${Math.round(c.rate * 100)}%`}</td>
                  <td className="py-1.5 text-right tabular-nums">{c.rate === null ? '—' : c.points.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">情况说明</CardTitle>
          <p className="text-sm text-muted-foreground">
            说明期 {b.window.opens} 至 {b.window.closes}
            {b.locked ? '（已锁定）' : ''}
          </p>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {b.explanations.length === 0 && <p className="text-sm text-muted-foreground">暂无说明。</p>}
          {b.explanations.map((e) => (
            <article key={e.id} className="rounded-md border p-3 text-sm">
              <p className="text-muted-foreground">
                {e.authorName} · {formatDateTime(e.createdAt)}
              </p>
              <p className="whitespace-pre-wrap">{e.content}</p>
            </article>
          ))}
          {inWindow && can(actor, 'assessment.explain') && unitId === actor.unitId && <ExplanationForm periodId={period.id} />}
        </CardContent>
      </Card>
    </div>
  );
}
