import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { PillLink } from '@/components/pill-link';
import { SectionCard } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { assessmentSettingsInView } from '@/lib/assessment/assessment-settings';
import { assessmentMonths, getMonthRanking, getYearRanking, type MonthRanking, type YearRanking } from '@/lib/assessment/ranking';
import { COMPONENT_LABELS, SCORE_COMPONENTS, warningsRule } from '@/lib/assessment/score';
import { can } from '@/lib/auth/permissions';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { formatDateTime } from '@/lib/format';
import { planShortName, type PlanSummary } from '@/lib/plans/plan-scope';
import { CADENCE_LABELS, monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { cn } from '@/lib/utils';
import { ListWeightsForm } from './list-weights-form';
import { LockButton } from './lock-button';

export const metadata: Metadata = { title: '考核' };

const weightText = (w: number) => (Number.isInteger(w) ? String(w) : String(Math.round(w * 100) / 100));

export default async function AssessmentPage({ searchParams }: { searchParams: Promise<{ period?: string; view?: string }> }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const scope = await requestPlanScope();
  const inView = scope.plans;
  if (inView.length === 0) return <p>尚无进行中的任务清单。</p>;
  const t = ctx.today;
  const params = await searchParams;
  // Only months in which some list's lead deadline has passed can be judged.
  const months = await assessmentMonths(ctx, inView);
  const view = params.view === 'year' ? 'year' : 'month';
  const month = months.find((m) => m === params.period) ?? months.at(-1);
  const assessmentSettings = await assessmentSettingsInView(ctx, inView);
  const weights = assessmentSettings.weights;
  // Oversight roles see every unit's breakdown; unit staff only their own.
  const oversight = seesAllUnits(actor);
  const monthRanking = view === 'month' && month ? await getMonthRanking(ctx, inView, month) : null;
  const yearRanking = view === 'year' ? await getYearRanking(ctx, inView) : null;
  const several = inView.length > 1;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="考核"
        description={
          <>
            按月对各责任单位评分排名；只依据工作事实，不看登录次数、在线时长或上传材料多少。
            {several ? `涵盖 ${inView.map(planShortName).join('、')} ${inView.length} 个清单，按清单权重综合。` : `清单：${inView[0]!.title}。`}
          </>
        }
      />
      <nav aria-label="选择月份" className="flex flex-wrap gap-1">
        {months.map((m) => (
          <PillLink key={m} href={`/assessment?period=${m}`} current={view === 'month' && m === month}>
            {monthLabel(m)}
          </PillLink>
        ))}
        <PillLink href="/assessment?view=year" current={view === 'year'}>
          年度累计
        </PillLink>
      </nav>

      {months.length === 0 && <p className="rounded-lg border bg-white p-6 text-center">还没有已过截止日期的月份可考核。</p>}

      {monthRanking && <MonthRankingCard ranking={monthRanking} oversight={oversight} />}
      {yearRanking && <YearRankingCard y={yearRanking} />}

      <SectionCard title="评分办法" contentClassName="flex flex-col gap-3">
        <Table variant="plain" dense minWidth={0} caption="清单得分的评分项目">
          <TableHeader>
            <TableRow>
              <TableHead>项目</TableHead>
              <TableHead>权重</TableHead>
              <TableHead>计算方法</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {SCORE_COMPONENTS.map((k) => (
              <TableRow key={k}>
                <TableCell className="whitespace-nowrap">{COMPONENT_LABELS[k].name}</TableCell>
                <TableCell className="tabular-nums">{weights[k]}</TableCell>
                <TableCell data-testid={`rule-${k}`}>{k === 'warnings' ? warningsRule(assessmentSettings.extensionWeight) : COMPONENT_LABELS[k].rule}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <p className="text-xs text-muted-foreground">
          每个清单按该清单当月的调度周期单独评分（清单得分）。当月无可评项目（如没有到期督办）时，该项不计，其余项目按权重折算为百分制。项目权重由管理员在“系统管理 › 预警设置”中调整。
        </p>
        <FormulaNote plans={scope.active} />
        {can(actor, 'plans.manage') && (
          <ListWeightsForm lists={scope.active.map((p) => ({ planId: p.id, name: planShortName(p), title: p.title, weight: p.weight }))} />
        )}
      </SectionCard>
    </div>
  );

  function YearRankingCard({ y }: { y: YearRanking }) {
    return (
      <SectionCard title={`${y.year ? `${y.year} 年` : ''}年度累计排名（各月综合得分平均）`}>
        <Table variant="plain" dense minWidth={320} caption="年度累计排名">
          <TableHeader>
            <TableRow>
              <TableHead>名次</TableHead>
              <TableHead>单位</TableHead>
              {y.months.map((m) => (
                <TableHead key={m} className="text-right">
                  {shortMonthLabel(m)}
                </TableHead>
              ))}
              <TableHead className="text-right">平均</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {y.scores.map((s) => (
              <TableRow key={s.unitId} className={ownRow(s.unitId)}>
                <TableCell className="tabular-nums">{s.rank}</TableCell>
                <TableCell>{s.unitName}</TableCell>
                {y.months.map((m) => (
                  <TableCell key={m} className="text-right tabular-nums text-muted-foreground">
                    {s.perMonth[m]?.toFixed(1) ?? '—'}
                  </TableCell>
                ))}
                <TableCell className="text-right tabular-nums">{s.total.toFixed(1)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SectionCard>
    );
  }

  /** The actor's own unit stands out in a ranking. */
  function ownRow(unitId: number) {
    return cn(unitId === actor.unitId && 'bg-primary/5 font-medium');
  }

  function MonthRankingCard({ ranking: r, oversight }: { ranking: MonthRanking; oversight: boolean }) {
    const label = monthLabel(r.month);
    // One list: its five components side by side; several: each list's score.
    const perList = r.lists.length > 1;
    const wide = 'hidden text-right lg:table-cell';
    return (
      <SectionCard
        title={`${label}得分排名`}
        description={
          <>
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
          </>
        }
      >
        {r.lists.length === 0 ? (
          <p className="text-sm text-muted-foreground">所选清单本月没有调度周期（按季度调度的清单只在 3、6、9、12 月考核）。</p>
        ) : (
          <Table variant="plain" dense minWidth={320} caption={`${label}各单位得分排名`}>
            <TableHeader>
              <TableRow>
                <TableHead>名次</TableHead>
                <TableHead>单位</TableHead>
                <TableHead className="text-right">{perList ? '综合得分' : '得分'}</TableHead>
                {oversight &&
                  (perList
                    ? r.lists.map((l) => (
                        <TableHead key={l.plan.id} className={wide} title={l.plan.title}>
                          {planShortName(l.plan)}
                        </TableHead>
                      ))
                    : SCORE_COMPONENTS.map((k) => (
                        <TableHead key={k} className={wide}>
                          {COMPONENT_LABELS[k].name}
                        </TableHead>
                      )))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {r.scores.map((s) => (
                <TableRow key={s.unitId} className={ownRow(s.unitId)} data-unit={s.unitName}>
                  <TableCell className="tabular-nums">{s.rank}</TableCell>
                  <TableCell>
                    {oversight || s.unitId === actor.unitId ? (
                      <Link href={`/assessment/${s.unitId}?period=${r.month}`} className="text-primary hover:underline">
                        {s.unitName}
                      </Link>
                    ) : (
                      s.unitName
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums" data-col="total">
                    {s.total.toFixed(1)}
                  </TableCell>
                  {oversight &&
                    (perList
                      ? r.lists.map((l) => {
                          const part = s.lists.find((x) => x.planId === l.plan.id);
                          return (
                            <TableCell key={l.plan.id} className={cn(wide, 'tabular-nums text-muted-foreground')} data-col={`list-${l.plan.id}`}>
                              {part && part.counted ? part.total.toFixed(1) : '—'}
                            </TableCell>
                          );
                        })
                      : SCORE_COMPONENTS.map((k) => {
                          const c = s.lists[0]?.components.find((x) => x.key === k);
                          return (
                            <TableCell key={k} className={cn(wide, 'tabular-nums text-muted-foreground')} title={c?.detail}>
                              {c?.rate === null || c === undefined ? '—' : c.points.toFixed(1)}
                            </TableCell>
                          );
                        }))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SectionCard>
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
      <Table variant="plain" minWidth={0} caption="清单权重" className="mt-2 [&_td]:py-1 [&_th]:py-1">
        <TableHeader>
          <TableRow>
            <TableHead>清单</TableHead>
            <TableHead>调度周期</TableHead>
            <TableHead className="text-right">清单权重</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plans.map((p) => (
            <TableRow key={p.id} data-plan={p.id}>
              <TableCell title={p.title}>{planShortName(p)}</TableCell>
              <TableCell className="text-muted-foreground">{CADENCE_LABELS[p.cadence]}</TableCell>
              <TableCell className="text-right tabular-nums">{weightText(p.weight)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
