import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { getAssessmentSettings } from '@/lib/assessment/assessment-settings';
import { assessmentMonths, getMonthRanking, getYearRanking, type MonthRanking, type YearRanking } from '@/lib/assessment/ranking';
import { COMPONENT_LABELS, SCORE_COMPONENTS } from '@/lib/assessment/score';
import { can } from '@/lib/auth/permissions';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { formatDateTime } from '@/lib/format';
import { planScope, planShortName, type PlanSummary } from '@/lib/plans/plan-scope';
import { CADENCE_LABELS, monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { requestContext } from '@/lib/request-context';
import { cn } from '@/lib/utils';
import { ListWeightsForm } from './list-weights-form';
import { LockButton } from './lock-button';

export const metadata: Metadata = { title: '考核' };

const weightText = (w: number) => (Number.isInteger(w) ? String(w) : String(Math.round(w * 100) / 100));

export default async function AssessmentPage({ searchParams }: { searchParams: Promise<{ period?: string; view?: string }> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const scope = await planScope(ctx.db, actor);
  const inView = scope.plans;
  if (inView.length === 0) return <p>尚无进行中的任务清单。</p>;
  const t = ctx.today;
  const params = await searchParams;
  // Only months in which some list's lead deadline has passed can be judged.
  const months = await assessmentMonths(ctx, inView);
  const view = params.view === 'year' ? 'year' : 'month';
  const month = months.find((m) => m === params.period) ?? months.at(-1);
  const weights = (await getAssessmentSettings(ctx.db)).weights;
  // Oversight roles see every unit's breakdown; unit staff only their own.
  const oversight = seesAllUnits(actor);
  const monthRanking = view === 'month' && month ? await getMonthRanking(ctx, inView, month) : null;
  const yearRanking = view === 'year' ? await getYearRanking(ctx, inView) : null;
  const several = inView.length > 1;

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">考核</h1>
        <p className="text-sm text-muted-foreground">
          按月对各责任单位评分排名；只依据工作事实，不看登录次数、在线时长或上传材料多少。
          {several ? `涵盖 ${inView.map(planShortName).join('、')} ${inView.length} 个清单，按清单权重综合。` : `清单：${inView[0]!.title}。`}
        </p>
      </div>
      <nav aria-label="选择月份" className="flex flex-wrap gap-1">
        {months.map((m) => (
          <Link
            key={m}
            href={`/assessment?period=${m}`}
            aria-current={view === 'month' && m === month ? 'page' : undefined}
            className={cn('rounded-md border px-3 py-1 text-sm', view === 'month' && m === month ? 'border-primary bg-primary text-primary-foreground' : 'bg-white hover:bg-muted')}
          >
            {monthLabel(m)}
          </Link>
        ))}
        <Link
          href="/assessment?view=year"
          aria-current={view === 'year' ? 'page' : undefined}
          className={cn('rounded-md border px-3 py-1 text-sm', view === 'year' ? 'border-primary bg-primary text-primary-foreground' : 'bg-white hover:bg-muted')}
        >
          年度累计
        </Link>
      </nav>

      {months.length === 0 && <p className="rounded-lg border bg-white p-6 text-center">还没有已过截止日期的月份可考核。</p>}

      {monthRanking && <MonthRankingCard ranking={monthRanking} oversight={oversight} />}
      {yearRanking && <YearRankingCard y={yearRanking} />}

      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">评分办法</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <table className="w-full text-sm">
            <caption className="sr-only">清单得分的评分项目</caption>
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th className="py-1.5 font-medium">项目</th>
                <th className="py-1.5 font-medium">权重</th>
                <th className="py-1.5 font-medium">计算方法</th>
              </tr>
            </thead>
            <tbody>
              {SCORE_COMPONENTS.map((k) => (
                <tr key={k} className="border-b last:border-0">
                  <td className="py-1.5 whitespace-nowrap">{COMPONENT_LABELS[k].name}</td>
                  <td className="py-1.5 tabular-nums">{weights[k]}</td>
                  <td className="py-1.5">{COMPONENT_LABELS[k].rule}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-muted-foreground">
            每个清单按该清单当月的调度周期单独评分（清单得分）。当月无可评项目（如没有到期督办）时，该项不计，其余项目按权重折算为百分制。项目权重由管理员在“系统管理 › 预警设置”中调整。
          </p>
          <FormulaNote plans={scope.active} />
          {can(actor, 'plans.manage') && (
            <ListWeightsForm lists={scope.active.map((p) => ({ planId: p.id, name: planShortName(p), title: p.title, weight: p.weight }))} />
          )}
        </CardContent>
      </Card>
    </div>
  );

  function YearRankingCard({ y }: { y: YearRanking }) {
    return (
      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">{y.year ? `${y.year} 年` : ''}年度累计排名（各月综合得分平均）</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <table className="w-full min-w-[320px] text-sm">
            <caption className="sr-only">年度累计排名</caption>
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th scope="col" className="py-1.5 font-medium">名次</th>
                <th scope="col" className="py-1.5 font-medium">单位</th>
                {y.months.map((m) => (
                  <th key={m} scope="col" className="py-1.5 text-right font-medium">
                    {shortMonthLabel(m)}
                  </th>
                ))}
                <th scope="col" className="py-1.5 text-right font-medium">平均</th>
              </tr>
            </thead>
            <tbody>
              {y.scores.map((s) => (
                <tr key={s.unitId} className={cn('border-b last:border-0', s.unitId === actor.unitId && 'bg-primary/5 font-medium')}>
                  <td className="py-1.5 tabular-nums">{s.rank}</td>
                  <td className="py-1.5">{s.unitName}</td>
                  {y.months.map((m) => (
                    <td key={m} className="py-1.5 text-right tabular-nums text-muted-foreground">
                      {s.perMonth[m]?.toFixed(1) ?? '—'}
                    </td>
                  ))}
                  <td className="py-1.5 text-right tabular-nums">{s.total.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
    );
  }

  function MonthRankingCard({ ranking: r, oversight }: { ranking: MonthRanking; oversight: boolean }) {
    const label = monthLabel(r.month);
    // One list: its five components side by side; several: each list's score.
    const perList = r.lists.length > 1;
    return (
      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">{label}得分排名</CardTitle>
          {r.lists.length > 0 && (
            <p className="text-sm text-muted-foreground" data-testid="month-lists">
              本月参与考核的清单：{r.lists.map((l) => `${planShortName(l.plan)}（权重 ${weightText(l.plan.weight)}）`).join('、')}
            </p>
          )}
          <p className="text-sm text-muted-foreground" data-testid="lock-state">
            {r.locked
              ? `已于 ${formatDateTime(r.locked.at)} 由 ${r.locked.byName} 锁定，得分不再变化。`
              : `单位说明期 ${r.window.opens} 至 ${r.window.closes}；期满后由督查室锁定。当前为实时计算。`}
          </p>
          {!r.locked && can(actor, 'assessment.lock') && r.window.closes !== '' && t > r.window.closes && <LockButton month={r.month} label={`锁定${label}考核`} />}
        </CardHeader>
        <CardContent className="overflow-x-auto">
          {r.lists.length === 0 ? (
            <p className="text-sm text-muted-foreground">所选清单本月没有调度周期（按季度调度的清单只在 3、6、9、12 月考核）。</p>
          ) : (
            <table className="w-full min-w-[320px] text-sm">
              <caption className="sr-only">{label}各单位得分排名</caption>
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="py-1.5 font-medium">名次</th>
                  <th scope="col" className="py-1.5 font-medium">单位</th>
                  <th scope="col" className="py-1.5 text-right font-medium">{perList ? '综合得分' : '得分'}</th>
                  {oversight &&
                    (perList
                      ? r.lists.map((l) => (
                          <th key={l.plan.id} scope="col" className="hidden py-1.5 text-right font-medium lg:table-cell" title={l.plan.title}>
                            {planShortName(l.plan)}
                          </th>
                        ))
                      : SCORE_COMPONENTS.map((k) => (
                          <th key={k} scope="col" className="hidden py-1.5 text-right font-medium lg:table-cell">
                            {COMPONENT_LABELS[k].name}
                          </th>
                        )))}
                </tr>
              </thead>
              <tbody>
                {r.scores.map((s) => (
                  <tr key={s.unitId} className={cn('border-b last:border-0', s.unitId === actor.unitId && 'bg-primary/5 font-medium')} data-unit={s.unitName}>
                    <td className="py-1.5 tabular-nums">{s.rank}</td>
                    <td className="py-1.5">
                      {oversight || s.unitId === actor.unitId ? (
                        <Link href={`/assessment/${s.unitId}?period=${r.month}`} className="text-primary hover:underline">
                          {s.unitName}
                        </Link>
                      ) : (
                        s.unitName
                      )}
                    </td>
                    <td className="py-1.5 text-right tabular-nums" data-col="total">
                      {s.total.toFixed(1)}
                    </td>
                    {oversight &&
                      (perList
                        ? r.lists.map((l) => {
                            const part = s.lists.find((x) => x.planId === l.plan.id);
                            return (
                              <td key={l.plan.id} className="hidden py-1.5 text-right tabular-nums text-muted-foreground lg:table-cell" data-col={`list-${l.plan.id}`}>
                                {part && part.counted ? part.total.toFixed(1) : '—'}
                              </td>
                            );
                          })
                        : SCORE_COMPONENTS.map((k) => {
                            const c = s.lists[0]?.components.find((x) => x.key === k);
                            return (
                              <td key={k} className="hidden py-1.5 text-right tabular-nums text-muted-foreground lg:table-cell" title={c?.detail}>
                                {c?.rate === null || c === undefined ? '—' : c.points.toFixed(1)}
                              </td>
                            );
                          }))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
    );
  }
}

/** 综合得分 = Σ(清单权重 × 清单得分) ÷ Σ清单权重, with the active lists' weights. */
function FormulaNote({ plans }: { plans: PlanSummary[] }) {
  return (
    <div className="rounded-md border bg-muted/40 p-3 text-sm" data-testid="combined-formula">
      <p className="font-medium">综合得分 = Σ(清单权重 × 清单得分) ÷ Σ清单权重</p>
      <p className="mt-1 text-muted-foreground">
        只计单位当月在该清单有可评项目的清单；按季度调度的清单只在 3、6、9、12 月计入；权重为 0 的清单不计。锁定的月份保留锁定时的权重。
      </p>
      <table className="mt-2 w-full text-sm">
        <caption className="sr-only">清单权重</caption>
        <thead>
          <tr className="border-b text-left text-muted-foreground">
            <th scope="col" className="py-1 font-medium">清单</th>
            <th scope="col" className="py-1 font-medium">调度周期</th>
            <th scope="col" className="py-1 text-right font-medium">清单权重</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id} className="border-b last:border-0" data-plan={p.id}>
              <td className="py-1" title={p.title}>
                {planShortName(p)}
              </td>
              <td className="py-1 text-muted-foreground">{CADENCE_LABELS[p.cadence]}</td>
              <td className="py-1 text-right tabular-nums">{weightText(p.weight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
