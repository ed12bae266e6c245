import { describe, expect, it } from 'vitest';
import { DEFAULT_WARNING_SETTINGS, GREEN, targetSignal } from '@/lib/warnings/rules';
import { binaryDeadline, indicatorStanding, isCeiling, kindCompletion, type IndicatorStandingInput } from './indicator-kinds';

// Pinned clock: the rules never read the time themselves.
const MARCH = '2023-03-15';
const DECEMBER = '2023-12-20';
const YEAR = 2023;

const base = { targetMax: null, comparator: 'at_least', year: YEAR } as const;
const standing = (input: Partial<IndicatorStandingInput> & Pick<IndicatorStandingInput, 'kind' | 'target' | 'latest' | 'today'>, s = DEFAULT_WARNING_SETTINGS) =>
  indicatorStanding({ ...base, ...input }, s);

describe('cumulative (累计值): paced by 序时进度, exactly as before', () => {
  it('behind pace by more than 15 points is yellow, by more than 30 red', () => {
    // 2023-11-21: 序时进度 89.0%; 60% done → 29.0 points behind.
    const st = standing({ kind: 'cumulative', target: 85, latest: 51, today: '2023-11-21' });
    expect(st).toMatchObject({ expected: 325 / 365, offTarget: true, gap: 29, level: 'yellow', reason: '完成 60.0%，落后序时进度 29.0 个百分点' });
    expect(st.completion).toBeCloseTo(0.6);
    expect(st.attainment).toBeCloseTo(0.6 / (325 / 365));
    expect(standing({ kind: 'cumulative', target: 100, latest: 60, today: '2023-12-31' })).toMatchObject({ gap: 40, level: 'red' });
  });

  it('the same figure is on pace in March: 30% done against 20.3% of the year', () => {
    expect(standing({ kind: 'cumulative', target: 100, latest: 30, today: MARCH })).toMatchObject({ offTarget: false, gap: 0, level: 'green', reason: '', attainment: 1 });
  });

  it('a little behind is off target (the dashboard lists it) yet green', () => {
    expect(standing({ kind: 'cumulative', target: 100, latest: 90, today: '2023-12-31' })).toMatchObject({ offTarget: true, gap: 10, level: 'green' });
  });

  it('gives the same light as targetSignal always gave from the completion ratio', () => {
    for (const [latest, today] of [[51, '2023-11-21'], [84.9, '2023-12-31'], [70, '2023-12-31'], [20, MARCH], [120, DECEMBER]] as const) {
      const st = standing({ kind: 'cumulative', target: 100, latest, today });
      const legacy = targetSignal({ indicators: [{ name: '甲', completion: latest / 100 }], today, year: YEAR });
      const judged = targetSignal({ indicators: [{ name: '甲', standing: st }], today, year: YEAR });
      expect(judged).toEqual(legacy);
    }
  });
});

describe('level (水平值/比率): the figure as it stands against the target, no pace', () => {
  const waterQuality = (today: string, latest: number | null) => standing({ kind: 'level', target: 90, unit: '%', latest, today });

  it('水质达标率 68% against 90% is off target in March as in December', () => {
    const march = waterQuality(MARCH, 68);
    const december = waterQuality(DECEMBER, 68);
    expect(march).toEqual(december);
    expect(march).toMatchObject({ offTarget: true, gap: 24.4, level: 'yellow', expected: 1, reason: '为 68%，低于目标 90%（差 24.4 个百分点）' });
    expect(march.completion).toBeCloseTo(68 / 90);
    expect(march.attainment).toBeCloseTo(68 / 90);
  });

  it('at or above the target is on target in any month, even in January', () => {
    expect(waterQuality('2023-01-05', 90)).toMatchObject({ offTarget: false, gap: 0, level: 'green', attainment: 1 });
    expect(waterQuality(MARCH, 95)).toMatchObject({ offTarget: false, level: 'green' });
  });

  it('the shortfall is relative and maps with the warning settings', () => {
    expect(waterQuality(MARCH, 80)).toMatchObject({ gap: 11.1, level: 'green', offTarget: true });
    expect(waterQuality(MARCH, 62)).toMatchObject({ gap: 31.1, level: 'red' });
    expect(waterQuality(MARCH, 80).level).toBe('green');
    expect(indicatorStanding({ ...base, kind: 'level', target: 90, latest: 80, today: MARCH }, { ...DEFAULT_WARNING_SETTINGS, yellowGap: 10 }).level).toBe('yellow');
  });

  it('no figure: nothing to judge', () => {
    expect(waterQuality(MARCH, null)).toMatchObject({ completion: null, gap: null, offTarget: false, level: 'green', attainment: null });
  });

  it('a target of 0 compares the plain difference', () => {
    expect(standing({ kind: 'level', target: 0, latest: -2, today: MARCH })).toMatchObject({ offTarget: true, gap: 2, level: 'green' });
  });
});

describe('growth (同比增长): against the target growth, no pace', () => {
  it('技改投资增长 4% against 10% is red in any month', () => {
    expect(standing({ kind: 'growth', target: 10, unit: '%', latest: 4, today: MARCH })).toMatchObject({
      offTarget: true,
      gap: 60,
      level: 'red',
      reason: '同比增长 4%，低于目标 10%（差 60.0 个百分点）',
    });
  });

  it('a decline is further below than no growth; at the target is on target', () => {
    expect(standing({ kind: 'growth', target: 10, latest: -2, today: MARCH })).toMatchObject({ gap: 120, level: 'red', attainment: 0 });
    expect(standing({ kind: 'growth', target: 10, latest: 10.5, today: MARCH })).toMatchObject({ offTarget: false, level: 'green' });
  });
});

describe('ceiling (上限 ≤): off target when above the target', () => {
  const pm25 = (latest: number) => standing({ kind: 'ceiling', comparator: 'at_most', target: 35, unit: '微克/立方米', latest, today: MARCH });

  it('under or at the limit is on target; above it off target by the relative excess', () => {
    expect(pm25(30)).toMatchObject({ completion: 1, offTarget: false, level: 'green', attainment: 1 });
    expect(pm25(35)).toMatchObject({ offTarget: false });
    expect(pm25(42)).toMatchObject({ offTarget: true, gap: 20, level: 'yellow', reason: '为 42微克/立方米，超过上限 35微克/立方米（超出 20.0 个百分点）' });
    expect(pm25(50)).toMatchObject({ gap: 42.9, level: 'red' });
  });

  it('the kind decides, and an at-most comparator is a ceiling whatever the kind', () => {
    expect(isCeiling('ceiling', 'at_least')).toBe(true);
    expect(isCeiling('cumulative', 'at_most')).toBe(true);
    expect(isCeiling('binary', 'at_most')).toBe(false);
    expect(standing({ kind: 'ceiling', target: 5, latest: 6, today: MARCH })).toMatchObject({ offTarget: true, gap: 20 });
    // A cumulative count with at most (事故死亡人数 ≤ 2): no pace either.
    expect(standing({ kind: 'cumulative', comparator: 'at_most', target: 2, latest: 1, today: DECEMBER })).toMatchObject({ offTarget: false, level: 'green' });
  });

  it('a ceiling of 0: any figure above it is fully off', () => {
    expect(standing({ kind: 'ceiling', target: 0, latest: 0, today: MARCH })).toMatchObject({ offTarget: false });
    expect(standing({ kind: 'ceiling', target: 0, latest: 3, today: MARCH })).toMatchObject({ offTarget: true, gap: 3 });
  });
});

describe('binary (完成与否): off target only once the deadline has passed without being done', () => {
  const task = (today: string, latest: number | null, deadline: string | null = '2023-06-30') => standing({ kind: 'binary', target: 1, latest, today, deadline });

  it('not done before the deadline is not off target, and not scored yet', () => {
    expect(task(MARCH, 0)).toMatchObject({ completion: 0, offTarget: false, level: 'green', attainment: null, reason: '未完成，完成时限 2023-06-30' });
    expect(task('2023-06-30', 0)).toMatchObject({ offTarget: false });
  });

  it('not done after the deadline is red; not reported counts as not done', () => {
    expect(task('2023-07-01', 0)).toMatchObject({ completion: 0, offTarget: true, gap: 100, level: 'red', attainment: 0, reason: '已过完成时限（2023-06-30）仍未完成' });
    expect(task('2023-07-01', null)).toMatchObject({ offTarget: true, level: 'red' });
  });

  it('done is done, before or after the deadline', () => {
    expect(task(MARCH, 1)).toMatchObject({ completion: 1, offTarget: false, level: 'green', attainment: 1, reason: '已完成' });
    expect(task(DECEMBER, 1)).toMatchObject({ offTarget: false, attainment: 1 });
  });

  it('without a task deadline, 12-31 of the list year', () => {
    expect(binaryDeadline(null, YEAR)).toBe('2023-12-31');
    expect(binaryDeadline('年底前', YEAR)).toBe('2023-12-31');
    expect(task(DECEMBER, 0, null)).toMatchObject({ offTarget: false });
    expect(task('2024-01-02', 0, null)).toMatchObject({ offTarget: true, level: 'red' });
  });
});

describe('kindCompletion', () => {
  it('is a share of the target for every kind', () => {
    expect(kindCompletion(null, 10, 'at_least', 'level')).toBeNull();
    expect(kindCompletion(5, 10, 'at_least', 'growth')).toBe(0.5);
    expect(kindCompletion(20, 10, 'at_most', 'ceiling')).toBe(0.5);
    expect(kindCompletion(0, 0, 'at_least', 'level')).toBe(1);
    expect(kindCompletion(1, 1, 'at_least', 'binary')).toBe(1);
  });
});

describe('targetSignal with kinds', () => {
  it('a level indicator below target lights 指标 whatever the month, saying so rather than 落后序时进度', () => {
    for (const today of ['2023-02-10', MARCH, DECEMBER]) {
      const s = targetSignal(
        { indicators: [{ name: '国省控断面水质达标率', standing: standing({ kind: 'level', target: 100, unit: '%', latest: 80, today }) }], today, year: YEAR },
      );
      expect(s).toEqual({ level: 'yellow', rule: 'target.behind', reason: '“国省控断面水质达标率”为 80%，低于目标 100%（差 20.0 个百分点）' });
    }
  });

  it('the indicator furthest off target decides, across kinds', () => {
    const today = MARCH;
    const s = targetSignal({
      indicators: [
        { name: '新增城镇就业', standing: standing({ kind: 'cumulative', target: 5000, latest: 1500, today }) },
        { name: '智能仓储占比', standing: standing({ kind: 'level', target: 35, unit: '%', latest: 20, today }) },
        { name: '技改投资增长', standing: standing({ kind: 'growth', target: 10, unit: '%', latest: 8, today }) },
      ],
      today,
      year: YEAR,
    });
    expect(s).toMatchObject({ level: 'red', reason: '“智能仓储占比”为 20%，低于目标 35%（差 42.9 个百分点）' });
  });

  it('on target or without figures stays green', () => {
    const today = MARCH;
    expect(targetSignal({ indicators: [{ name: '甲', standing: standing({ kind: 'level', target: 90, latest: 95, today }) }], today, year: YEAR })).toEqual(GREEN);
    expect(targetSignal({ indicators: [{ name: '甲', standing: standing({ kind: 'level', target: 90, latest: null, today }) }], today, year: YEAR })).toMatchObject({
      rule: 'no_data',
    });
  });
});
