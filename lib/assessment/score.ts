/**
 * 考核评分: a unit's score for one period, from facts of the work only — on-time submissions,
 * first-pass approvals, warnings, notices answered on time, indicator completion. Never from
 * logins, time online or the amount of material uploaded. Pure functions.
 */

export const SCORE_COMPONENTS = ['onTime', 'firstPass', 'warnings', 'notices', 'indicators'] as const;
export type ScoreComponentKey = (typeof SCORE_COMPONENTS)[number];

export type ScoreWeights = Record<ScoreComponentKey, number>;

/** Default weights (points out of 100), shown on the assessment page and editable by the admin. */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = Object.freeze({
  onTime: 30,
  firstPass: 20,
  warnings: 20,
  notices: 15,
  indicators: 15,
});

/**
 * 延期: an approved extension keeps the item on time against its new date, and counts in 预警情况
 * as `extensionWeight` lights (a setting, default 0.5 — as much as a yellow light).
 */
export const DEFAULT_EXTENSION_WEIGHT = 0.5;

/** The 预警情况 formula as shown, with the weight of an approved extension in force. */
export function warningsRule(extensionWeight: number = DEFAULT_EXTENSION_WEIGHT): string {
  return `1 − (红灯数 + 0.5 × 黄灯数 + ${extensionWeight} × 获批延期数) ÷ 本单位牵头任务数（报送、进度、指标三类分别计；获批延期按原定日期在当月的计，延期后按新日期判断是否按时）`;
}

export const COMPONENT_LABELS: Record<ScoreComponentKey, { name: string; rule: string }> = {
  onTime: { name: '按时报送', rule: '按时报送的月度进展和协办情况 ÷ 应报送数' },
  firstPass: { name: '一次通过', rule: '未经退回即审核通过的报告 ÷ 已审核的报告' },
  warnings: { name: '预警情况', rule: warningsRule(0.5) },
  notices: { name: '督办按时反馈', rule: '按期反馈的督办事项 ÷ 本期到期的督办事项' },
  indicators: { name: '指标完成', rule: '各指标“完成率 ÷ 应达进度”的平均值（累计值按序时进度，水平值、同比增长、上限按目标本身，完成与否到期后计；每项不超过 1）' },
};

/** The counted facts of one unit in one period; a null denominator means "nothing to judge". */
export type UnitPeriodFacts = {
  dueSubmissions: number;
  onTimeSubmissions: number;
  reviewedReports: number;
  firstPassReports: number;
  ledTasks: number;
  redWarnings: number;
  yellowWarnings: number;
  noticesDue: number;
  noticesAnsweredOnTime: number;
  /** Each indicator's completion ÷ what is expected by then (by kind: lib/indicators/indicator-kinds.ts), for the unit's led tasks. */
  indicatorPaceRatios: number[];
  /** 延期: approved extensions of the unit's dates that fell due this month, and the lights each counts as (default DEFAULT_EXTENSION_WEIGHT). */
  approvedExtensions?: number;
  extensionWeight?: number;
};

export type ScoreComponent = {
  key: ScoreComponentKey;
  name: string;
  weight: number;
  /** 0–1, or null when there was nothing to judge (its weight is then shared by the others). */
  rate: number | null;
  points: number;
  detail: string;
};

export type UnitScoreResult = { total: number; components: ScoreComponent[] };

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

export function componentRates(f: UnitPeriodFacts): Record<ScoreComponentKey, { rate: number | null; detail: string }> {
  return {
    onTime: {
      rate: f.dueSubmissions ? f.onTimeSubmissions / f.dueSubmissions : null,
      detail: `应报 ${f.dueSubmissions}，按时 ${f.onTimeSubmissions}`,
    },
    firstPass: {
      rate: f.reviewedReports ? f.firstPassReports / f.reviewedReports : null,
      detail: `已审核 ${f.reviewedReports}，一次通过 ${f.firstPassReports}`,
    },
    warnings: {
      rate: f.ledTasks ? clamp01(1 - (f.redWarnings + 0.5 * f.yellowWarnings + (f.extensionWeight ?? DEFAULT_EXTENSION_WEIGHT) * (f.approvedExtensions ?? 0)) / f.ledTasks) : null,
      detail: `牵头任务 ${f.ledTasks}，红灯 ${f.redWarnings}，黄灯 ${f.yellowWarnings}${f.approvedExtensions ? `，获批延期 ${f.approvedExtensions}` : ''}`,
    },
    notices: {
      rate: f.noticesDue ? f.noticesAnsweredOnTime / f.noticesDue : null,
      detail: `到期督办 ${f.noticesDue}，按期反馈 ${f.noticesAnsweredOnTime}`,
    },
    indicators: {
      rate: f.indicatorPaceRatios.length ? f.indicatorPaceRatios.reduce((a, r) => a + clamp01(r), 0) / f.indicatorPaceRatios.length : null,
      detail: `指标 ${f.indicatorPaceRatios.length} 项`,
    },
  };
}

/**
 * Total out of 100: each component's rate times its weight; components with nothing to judge are
 * left out and the remaining weights scaled up, so a unit is neither rewarded nor punished for
 * having, say, no notice that month. A unit with nothing to judge at all scores null → 0.
 */
export function scoreUnit(facts: UnitPeriodFacts, weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS): UnitScoreResult {
  const rates = componentRates(facts);
  const judged = SCORE_COMPONENTS.filter((k) => rates[k].rate !== null && weights[k] > 0);
  const weightSum = judged.reduce((a, k) => a + weights[k], 0);
  const components = SCORE_COMPONENTS.map((key) => {
    const { rate, detail } = rates[key];
    const scaled = rate !== null && weightSum > 0 && weights[key] > 0 ? (weights[key] / weightSum) * 100 : 0;
    return { key, name: COMPONENT_LABELS[key].name, weight: weights[key], rate, points: round1((rate ?? 0) * scaled), detail };
  });
  const total = weightSum > 0 ? round1(judged.reduce((a, k) => a + (rates[k].rate ?? 0) * (weights[k] / weightSum) * 100, 0)) : 0;
  return { total, components };
}

/** Standard competition ranking (1, 2, 2, 4) by total, ties broken by nothing else. */
export function rankByTotal<T extends { total: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total);
  let lastTotal = Number.NaN;
  let lastRank = 0;
  return sorted.map((row, i) => {
    const rank = row.total === lastTotal ? lastRank : i + 1;
    lastTotal = row.total;
    lastRank = rank;
    return { ...row, rank };
  });
}

/** One list's score of a unit, as it enters the combined score. */
export type ListScorePart = { weight: number; total: number; counted: boolean };

/** Whether a unit had anything to score in a list (some component with a rate and a weight). */
export function hasScore(components: readonly Pick<ScoreComponent, 'rate' | 'weight'>[]): boolean {
  return components.some((c) => c.rate !== null && c.weight > 0);
}

/**
 * 综合得分 = Σ(清单权重 × 清单得分) ÷ Σ清单权重, over the lists in which the unit had something
 * to score (`counted`) and whose weight is above 0. null when no list counts. With one list it is
 * that list's score.
 */
export function combineListScores(parts: readonly ListScorePart[]): number | null {
  const counted = parts.filter((p) => p.counted && p.weight > 0);
  const weightSum = counted.reduce((a, p) => a + p.weight, 0);
  if (weightSum <= 0) return null;
  return round1(counted.reduce((a, p) => a + p.weight * p.total, 0) / weightSum);
}
