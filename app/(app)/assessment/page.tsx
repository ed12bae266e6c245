import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { getAssessmentSettings, getPeriodRanking, getYearRanking } from '@/lib/assessment/assessment-service';
import { COMPONENT_LABELS, SCORE_COMPONENTS } from '@/lib/assessment/score';
import { can } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';
import { today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { currentPlan } from '@/lib/ledger/ledger-service';
import { monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { listPeriods } from '@/lib/reporting/period-service';
import { cn } from '@/lib/utils';
import { LockButton } from './lock-button';

export const metadata: Metadata = { title: '考核' };

export default async function AssessmentPage({ searchParams }: { searchParams: Promise<{ period?: string; view?: string }> }) {
  const actor = await requireActor();
  const db = getDb();
  const plan = currentPlan(db);
  if (!plan) return <p>尚未导入年度任务清单。</p>;
  const t = today();
  const params = await searchParams;
  // Only months whose lead deadline has passed can be judged.
  const periods = listPeriods(db, plan.id).filter((p) => p.leadDeadline < t);
  const view = params.view === 'year' ? 'year' : 'month';
  const period = periods.find((p) => p.month === params.period) ?? periods.at(-1);
  const weights = getAssessmentSettings(db).weights;
  const oversight = can(actor, 'reports.readAll');

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">考核</h1>
        <p className="text-sm text-muted-foreground">按月对各责任单位评分排名；只依据工作事实，不看登录次数、在线时长或上传材料多少。</p>
      </div>
      <nav aria-label="选择月份" className="flex flex-wrap gap-1">
        {periods.map((p) => (
          <Link
            key={p.id}
            href={`/assessment?period=${p.month}`}
            aria-current={view === 'month' && p.id === period?.id ? 'page' : undefined}
            className={cn('rounded-md border px-3 py-1 text-sm', view === 'month' && p.id === period?.id ? 'border-primary bg-primary text-primary-foreground' : 'bg-white hover:bg-muted')}
          >
            {monthLabel(p.month)}
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

      {periods.length === 0 && <p className="rounded-lg border bg-white p-6 text-center">还没有已过截止日期的月份可考核。</p>}

      {view === 'month' && period && <MonthRanking periodId={period.id} oversight={oversight} />}
      {view === 'year' && <YearRanking planId={plan.id} />}

      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">评分办法</CardTitle>
        </CardHeader>
        <CardContent>
          <table className="w-full text-sm">
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
          <p className="mt-2 text-xs text-muted-foreground">当月无可评项目（如没有到期督办）时，该项不计，其余项目按权重折算为百分制。权重由管理员在“系统管理 › 预警设置”中调整。</p>
        </CardContent>
      </Card>
    </div>
  );

  async function MonthRanking({ periodId, oversight }: { periodId: number; oversight: boolean }) {
    const r = getPeriodRanking(db, actor, periodId, t);
    return (
      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">{monthLabel(r.period.month)}得分排名</CardTitle>
          <p className="text-sm text-muted-foreground" data-testid="lock-state">
            {r.locked
              ? `已于 ${formatDateTime(r.locked.at)} 由 ${r.locked.byName} 锁定，得分不再变化。`
              : `单位说明期 ${r.window.opens} 至 ${r.window.closes}；期满后由督查室锁定。当前为实时计算。`}
          </p>
          {!r.locked && can(actor, 'assessment.lock') && t > r.window.closes && <LockButton periodId={periodId} label={`锁定${monthLabel(r.period.month)}考核`} />}
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <table className="w-full min-w-[320px] text-sm">
            <caption className="sr-only">{monthLabel(r.period.month)}各单位得分排名</caption>
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th scope="col" className="py-1.5 font-medium">名次</th>
                <th scope="col" className="py-1.5 font-medium">单位</th>
                <th scope="col" className="py-1.5 text-right font-medium">得分</th>
                {oversight &&
                  SCORE_COMPONENTS.map((k) => (
                    <th key={k} scope="col" className="hidden py-1.5 text-right font-medium lg:table-cell">
                      {COMPONENT_LABELS[k].name}
                    </th>
                  ))}
              </tr>
            </thead>
            <tbody>
              {r.scores.map((s) => (
                <tr key={s.unitId} className={cn('border-b last:border-0', s.unitId === actor.unitId && 'bg-primary/5 font-medium')} data-unit={s.unitName}>
                  <td className="py-1.5 tabular-nums">{s.rank}</td>
                  <td className="py-1.5">
                    {oversight || s.unitId === actor.unitId ? (
                      <Link href={`/assessment/${s.unitId}?period=${r.period.month}`} className="text-primary hover:underline">
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
                    SCORE_COMPONENTS.map((k) => {
                      const c = s.components.find((x) => x.key === k);
                      return (
                        <td key={k} className="hidden py-1.5 text-right tabular-nums text-muted-foreground lg:table-cell" title={c?.detail}>
                          {c?.rate === null || c === undefined ? '—' : c.points.toFixed(1)}
                        </td>
                      );
                    })}
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
    );
  }

  async function YearRanking({ planId }: { planId: number }) {
    const y = getYearRanking(db, actor, planId, t);
    return (
      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">年度累计排名（各月得分平均）</CardTitle>
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
}
