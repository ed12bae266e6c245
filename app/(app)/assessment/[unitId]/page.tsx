import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Breadcrumb } from '@/components/breadcrumb';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { assessmentMonths, getUnitBreakdown } from '@/lib/assessment/ranking';
import { COMPONENT_LABELS } from '@/lib/assessment/score';
import { can } from '@/lib/auth/permissions';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { formatDateTime } from '@/lib/format';
import { planShortName } from '@/lib/plans/plan-scope';
import { monthLabel } from '@/lib/reporting/calendar';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { ExplanationForm } from '../explanation-form';

export const metadata: Metadata = { title: '考核明细' };

const weightText = (w: number) => (Number.isInteger(w) ? String(w) : String(Math.round(w * 100) / 100));

export default async function UnitBreakdownPage({ params, searchParams }: { params: Promise<{ unitId: string }>; searchParams: Promise<{ period?: string }> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const unitId = Number((await params).unitId);
  if (!Number.isInteger(unitId) || unitId <= 0) notFound();
  // Unit staff only ever see their own unit.
  if (!seesAllUnits(actor) && unitId !== actor.unitId) redirect(`/assessment/${actor.unitId}`);
  const inView = (await requestPlanScope()).plans;
  if (inView.length === 0) notFound();
  const t = ctx.today;
  const { period: wanted } = await searchParams;
  const months = await assessmentMonths(ctx, inView);
  const month = months.find((m) => m === wanted) ?? months.at(-1);
  if (!month) return <p>还没有可考核的月份。</p>;
  const b = await getUnitBreakdown(ctx, inView, month, unitId);
  if (!b.score) notFound();
  const score = b.score;
  const several = b.lists.length > 1;

  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: `/assessment?period=${month}`, label: '考核' }, { label: score.unitName }]} />
      <div>
        <h1 className="text-xl font-bold md:text-2xl">
          {score.unitName} · {monthLabel(month)}考核
        </h1>
        <p className="text-sm" data-testid="unit-score">
          {several ? '综合得分' : '得分'} <span className="text-lg font-semibold">{score.total.toFixed(1)}</span>，第 {score.rank} 名（共 {b.unitCount} 个单位）
          {b.locked ? '，已锁定' : '，实时计算'}
        </p>
        {several && (
          <p className="text-sm text-muted-foreground" data-testid="unit-formula">
            综合得分 = Σ(清单权重 × 清单得分) ÷ Σ清单权重 ={' '}
            {(() => {
              const counted = score.lists.filter((l) => l.counted && l.weight > 0);
              const num = counted.map((l) => `${weightText(l.weight)} × ${l.total.toFixed(1)}`).join(' + ');
              const den = counted.map((l) => weightText(l.weight)).join(' + ');
              return `(${num}) ÷ (${den}) = ${score.total.toFixed(1)}`;
            })()}
          </p>
        )}
      </div>
      {b.lists.map((l) => {
        const part = score.lists.find((x) => x.planId === l.plan.id);
        const explanations = b.explanations.filter((e) => e.periodId === l.period.id);
        const inWindow = !l.locked && t >= l.window.opens && t <= l.window.closes;
        const name = planShortName(l.plan);
        return (
          <Card key={l.plan.id} data-plan={l.plan.id}>
            <CardHeader className="pb-2 md:pb-2">
              <CardTitle className="text-base">{several ? `${name} · 得分明细` : '得分明细'}</CardTitle>
              <p className="text-sm text-muted-foreground">
                {l.plan.title}
                {part
                  ? ` · 清单得分 ${part.total.toFixed(1)}，第 ${part.rank} 名（共 ${part.units} 个单位）· 清单权重 ${weightText(part.weight)}${part.counted ? '' : ' · 本月无可评项目，不计入综合得分'}`
                  : ' · 本单位在该清单没有任务，不计入综合得分'}
              </p>
            </CardHeader>
            {part && (
              <CardContent>
                <Table variant="plain" dense minWidth={320} caption={several ? `${name}得分明细` : '得分明细'}>
                  <TableHeader>
                    <TableRow>
                      <TableHead>项目</TableHead>
                      <TableHead>依据</TableHead>
                      <TableHead className="text-right">完成率</TableHead>
                      <TableHead className="text-right">得分</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {part.components.map((c) => (
                      <TableRow key={c.key} data-component={c.key}>
                        <TableCell className="whitespace-nowrap" title={COMPONENT_LABELS[c.key].rule}>
                          {c.name}
                        </TableCell>
                        <TableCell className="text-muted-foreground">{c.detail}</TableCell>
                        <TableCell className="text-right tabular-nums">{c.rate === null ? '不计' : `${Math.round(c.rate * 100)}%`}</TableCell>
                        <TableCell className="text-right tabular-nums">{c.rate === null ? '—' : c.points.toFixed(1)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            )}
            {part && (
              <CardContent className="flex flex-col gap-3 border-t pt-4">
                <div>
                  <h2 className="font-medium">情况说明{several ? `（${name}）` : ''}</h2>
                  <p className="text-sm text-muted-foreground">
                    说明期 {l.window.opens} 至 {l.window.closes}
                    {l.locked ? '（已锁定）' : ''}
                  </p>
                </div>
                {explanations.length === 0 && <p className="text-sm text-muted-foreground">暂无说明。</p>}
                {explanations.map((e) => (
                  <article key={e.id} className="rounded-md border p-3 text-sm">
                    <p className="text-muted-foreground">
                      {e.authorName} · {formatDateTime(e.createdAt)}
                    </p>
                    <p className="whitespace-pre-wrap">{e.content}</p>
                  </article>
                ))}
                {inWindow && can(actor, 'assessment.explain') && unitId === actor.unitId && <ExplanationForm periodId={l.period.id} idSuffix={String(l.plan.id)} />}
              </CardContent>
            )}
          </Card>
        );
      })}
    </div>
  );
}
