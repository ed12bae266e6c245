import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAME_MAX_LENGTH, extractIndicators, type IndicatorComparator, type ProposedIndicator } from '@/lib/indicators/extract-indicators';
import { parseNotice, type ParsedTask } from '@/lib/plan-import/parse-notice';
import { INDICATOR_KINDS } from '@/db/schema';

const REAL_NOTICE = path.resolve(__dirname, '../../db/seed-data/hedong-2023-key-tasks-notice.txt');
const CURATED_FILE = path.resolve(__dirname, '../../db/seed-data/indicators-2023.json');

const plan = parseNotice(fs.readFileSync(REAL_NOTICE, 'utf8'));

function task(no: number): ParsedTask {
  const t = plan.tasks.find((x) => x.no === no);
  if (!t) throw new Error(`task ${no} not found`);
  return t;
}

function indicators(no: number): ProposedIndicator[] {
  return extractIndicators(task(no).text);
}

/** The single proposal of task `no` whose name contains `name`. */
function find(no: number, name: string): ProposedIndicator {
  const hits = indicators(no).filter((i) => i.name.includes(name));
  if (hits.length !== 1) throw new Error(`task ${no}: ${hits.length} indicators named like ${name}`);
  return hits[0] as ProposedIndicator;
}

type Expected = { target: number; unit: string; targetMax?: number | null; comparator?: IndicatorComparator };
function expectIndicator(ind: ProposedIndicator, e: Expected): void {
  expect(ind.target).toBe(e.target);
  expect(ind.unit).toBe(e.unit);
  expect(ind.targetMax).toBe(e.targetMax ?? null);
  if (e.comparator) expect(ind.comparator).toBe(e.comparator);
}

// ---------------------------------------------------------------------------

describe('extractIndicators on the 2023 notice', () => {
  it('parses the 77 tasks the tests rely on', () => {
    expect(plan.tasks).toHaveLength(77);
  });

  it('task 3: 税收过千万元企业 20家 (突破), 专精特新 3家, 单项冠军 1家', () => {
    const list = indicators(3);
    expect(list).toHaveLength(3);
    expect(list[0]).toEqual({
      name: '税收过千万元企业',
      target: 20,
      targetMax: null,
      unit: '家',
      comparator: 'at_least',
      kind: 'cumulative',
      sourcePhrase: '力争年内税收过千万元企业突破20家',
    });
    expect(list[1]?.name).toMatch(/专精特新中小企业$/u);
    expectIndicator(list[1] as ProposedIndicator, { target: 3, unit: '家' });
    expect(list[2]?.name).toBe('单项冠军');
    expectIndicator(list[2] as ProposedIndicator, { target: 1, unit: '家' });
  });

  it('task 15: 高新技术企业 85家以上, 科技型中小企业 90家以上', () => {
    const list = indicators(15);
    expect(list).toHaveLength(2);
    expect(list[0]?.name).toBe('国家高新技术企业总量');
    expectIndicator(list[0] as ProposedIndicator, { target: 85, unit: '家', comparator: 'at_least' });
    expect(list[1]?.name).toBe('科技型中小企业');
    expectIndicator(list[1] as ProposedIndicator, { target: 90, unit: '家', comparator: 'at_least' });
  });

  it('task 23: 高标准农田 2.3万亩', () => {
    const list = indicators(23);
    expect(list).toHaveLength(1);
    expect(list[0]?.name).toBe('改造提升高标准农田');
    expectIndicator(list[0] as ProposedIndicator, { target: 2.3, unit: '万亩', comparator: 'at_least' });
  });

  it('task 68: 适老化改造 300户', () => {
    expectIndicator(find(68, '适老化改造'), { target: 300, unit: '户' });
  });

  it('task 66: 低保标准提高 5%以上; the ratio 1.28:1 is not an indicator', () => {
    const list = indicators(66);
    expect(list).toHaveLength(1);
    expect(list[0]?.name).toBe('城乡低保标准提高');
    expectIndicator(list[0] as ProposedIndicator, { target: 5, unit: '%', comparator: 'at_least' });
    expect(list.some((i) => i.sourcePhrase.includes('1.28'))).toBe(false);
  });

  it('task 12: range 1-2家 → target 1, targetMax 2', () => {
    expectIndicator(find(12, '市级重点实验室'), { target: 2, unit: '家' });
    const range = find(12, '技术创新中心');
    expectIndicator(range, { target: 1, targetMax: 2, unit: '家', comparator: 'at_least' });
    expect(range.sourcePhrase).toContain('1-2家');
  });

  it('task 64: 覆盖率 40%, 学校 8所, range 2-3所', () => {
    const list = indicators(64);
    expect(list).toHaveLength(3);
    expectIndicator(find(64, '覆盖率'), { target: 40, unit: '%', comparator: 'at_least' });
    expectIndicator(find(64, '学校'), { target: 8, unit: '所' });
    expectIndicator(find(64, '示范校'), { target: 2, targetMax: 3, unit: '所' });
  });

  it('task 5: 4个, 投资过10亿元产业项目 5个 (qualifier merged), 80亿元; 500强 ignored', () => {
    const list = indicators(5);
    expect(list.map((i) => [i.target, i.unit])).toEqual([
      [4, '个'],
      [5, '个'],
      [80, '亿元'],
    ]);
    expect(list[1]?.name).toBe('投资过10亿元产业项目');
    expect(list[2]?.name).toBe('到位市外资金');
  });

  it('task 6: 投资500万元以上 is a qualifier of 技术改造项目60个以上', () => {
    const list = indicators(6);
    expect(list).toHaveLength(2);
    expectIndicator(list[0] as ProposedIndicator, { target: 10, unit: '%' });
    expect(list[1]?.name).toContain('技术改造项目');
    expectIndicator(list[1] as ProposedIndicator, { target: 60, unit: '个', comparator: 'at_least' });
  });

  it('task 7: a bare verb takes the noun after the unit (培育2家晨星工厂)', () => {
    const list = indicators(7);
    expect(list).toHaveLength(1);
    expect(list[0]?.name).toBe('培育晨星工厂');
    expect(list[0]?.sourcePhrase).toBe('培育2家晨星工厂');
  });

  it('task 35: 智慧社区 6个, 口袋公园 41处, 29/60万平方米, 供水管网 10.1公里', () => {
    const list = indicators(35);
    expect(list).toHaveLength(5);
    expectIndicator(find(35, '智慧社区'), { target: 6, unit: '个', comparator: 'at_least' });
    expectIndicator(find(35, '口袋公园'), { target: 41, unit: '处' });
    expectIndicator(find(35, '绿化面积'), { target: 29, unit: '万平方米' });
    expectIndicator(find(35, '供热面积'), { target: 60, unit: '万平方米' });
    expectIndicator(find(35, '供水管网'), { target: 10.1, unit: '公里' });
  });

  it('task 56: 10余名 → 10', () => {
    const haoren = find(56, '河东好人');
    expectIndicator(haoren, { target: 10, unit: '名' });
    expect(haoren.sourcePhrase).toContain('10余名');
    expectIndicator(find(56, '道德模范'), { target: 10, unit: '名' });
    expectIndicator(find(56, '文明校园'), { target: 5, unit: '所' });
  });

  it('ignores years, 5G, 3.0, 2+2+N, 12345 and document numbers', () => {
    for (const no of [2, 34, 47, 51, 52, 62]) expect(indicators(no)).toEqual([]);
  });

  it('every proposal has a source phrase inside its task text and a short non-empty name', () => {
    let count = 0;
    for (const t of plan.tasks) {
      for (const ind of extractIndicators(t.text)) {
        count++;
        expect(t.text).toContain(ind.sourcePhrase);
        expect(ind.name.length).toBeGreaterThan(0);
        expect(Array.from(ind.name).length).toBeLessThanOrEqual(NAME_MAX_LENGTH);
        expect(ind.name).not.toMatch(/[“”"]/u);
        expect(Number.isFinite(ind.target)).toBe(true);
      }
    }
    expect(count).toBeGreaterThanOrEqual(50);
  });
});

// ---------------------------------------------------------------------------

describe('extractIndicators on synthetic phrases', () => {
  const one = (text: string): ProposedIndicator => {
    const list = extractIndicators(text);
    expect(list).toHaveLength(1);
    return list[0] as ProposedIndicator;
  };

  it('returns [] for a phrase without a number', () => {
    expect(extractIndicators('强化创新人才引育,打造一批人才集聚高地。')).toEqual([]);
    expect(extractIndicators('')).toEqual([]);
  });

  it('returns [] for numbers that are not targets', () => {
    expect(extractIndicators('落实《三年行动计划(2023年-2025年)》')).toEqual([]);
    expect(extractIndicators('加快5G、千兆光网建设,深化“无证明城市”3.0建设,用好“12345”热线')).toEqual([]);
    expect(extractIndicators('以“2+2+N”产业为核心,瞄准500强企业')).toEqual([]);
    expect(extractIndicators('城乡低保标准差距缩小到1.28:1')).toEqual([]);
    expect(extractIndicators('根据临东政办字〔2023〕19号文件')).toEqual([]);
  });

  it('reads ranges with -, —, ~, 至 and 到', () => {
    for (const sep of ['-', '—', '~', '至', '到']) {
      const ind = one(`力争培育3${sep}5家瞪羚企业`);
      expect(ind).toMatchObject({ name: '培育瞪羚企业', target: 3, targetMax: 5, unit: '家' });
    }
    expect(one('出口额增长10%-15%')).toMatchObject({ target: 10, targetMax: 15, unit: '%' });
  });

  it('reads percentages and decimals', () => {
    expect(one('空气质量优良天数比例达到75.5%')).toMatchObject({
      name: '空气质量优良天数比例',
      target: 75.5,
      unit: '%',
      comparator: 'at_least',
    });
    expect(one('全面完成110%')).toMatchObject({ target: 110, unit: '%' });
  });

  it('keeps 万/亿 prefixes in the unit', () => {
    const list = extractIndicators('完成固定资产投资12.5亿元,新增耕地3000亩,新建厂房5万平方米,光伏装机2万千瓦');
    expect(list.map((i) => [i.name, i.target, i.unit])).toEqual([
      ['完成固定资产投资', 12.5, '亿元'],
      ['新增耕地', 3000, '亩'],
      ['新建厂房', 5, '万平方米'],
      ['光伏装机', 2, '万千瓦'],
    ]);
  });

  it('recognises at_most phrases', () => {
    expect(one('单位GDP能耗增幅控制在5%以内')).toMatchObject({
      name: '单位GDP能耗增幅',
      target: 5,
      unit: '%',
      comparator: 'at_most',
    });
    expect(one('生产安全事故不超过3起')).toMatchObject({ name: '生产安全事故', comparator: 'at_most' });
    expect(one('城镇登记失业率5.5%以下')).toMatchObject({ target: 5.5, comparator: 'at_most' });
  });

  it('recognises at_least phrases and defaults to at_least', () => {
    expect(one('新增就业岗位不少于3000个').comparator).toBe('at_least');
    expect(one('至少建成2所学校').comparator).toBe('at_least');
    expect(one('研发投入≥8亿元')).toMatchObject({ name: '研发投入', comparator: 'at_least' });
    expect(one('新建公园3处').comparator).toBe('at_least');
  });

  it('splits list items and strips 、/和/及 from the following name', () => {
    const list = extractIndicators('新建污水管网12.5公里和雨水管网8公里、泵站2座及调蓄池1个');
    expect(list.map((i) => [i.name, i.target, i.unit])).toEqual([
      ['新建污水管网', 12.5, '公里'],
      ['雨水管网', 8, '公里'],
      ['泵站', 2, '座'],
      ['调蓄池', 1, '个'],
    ]);
  });

  it('merges a qualifier into the following indicator', () => {
    expect(one('引进投资过5亿元项目3个以上')).toMatchObject({
      name: '引进投资过5亿元项目',
      target: 3,
      unit: '个',
      comparator: 'at_least',
      sourcePhrase: '引进投资过5亿元项目3个以上',
    });
  });

  it('names a bare change verb after the previous indicator', () => {
    const list = extractIndicators('力争营业收入突破100亿元,增长15%');
    expect(list.map((i) => i.name)).toEqual(['营业收入', '营业收入增长']);
  });

  it('falls back to the source phrase when nothing names the target', () => {
    expect(one('控制在5%以内')).toMatchObject({ name: '控制在5%以内', target: 5, comparator: 'at_most' });
  });

  it('keeps names within the length limit', () => {
    const ind = one(`实施${'特别长的名称'.repeat(8)}工程5项`);
    expect(Array.from(ind.name).length).toBeLessThanOrEqual(NAME_MAX_LENGTH);
    expect(ind.name.endsWith('工程')).toBe(true);
  });

  it('always returns source phrases that are substrings of the input', () => {
    const inputs = [
      '力争年内税收过千万元企业突破20家。',
      '2023年力争新增省级以上“专精特新”中小企业3家、单项冠军1家',
      '培育“10余家”示范企业,建设6个以上智慧社区;医疗废物100%安全处置',
      '力争营业收入突破100亿元,增长15%;利润≥8亿元',
      '控制在5%以内',
    ];
    for (const input of inputs) {
      const list = extractIndicators(input);
      expect(list.length).toBeGreaterThan(0);
      for (const ind of list) expect(input).toContain(ind.sourcePhrase);
    }
  });
});

// ---------------------------------------------------------------------------

describe('proposed kind (指标类型)', () => {
  const kindOf = (text: string) => extractIndicators(text).map((i) => i.kind);

  it('rates and shares are levels', () => {
    expect(kindOf('确保国省控断面水质达标率100%')).toEqual(['level']);
    expect(kindOf('教育强校扩优行动中小学覆盖率达到40%以上')).toEqual(['level']);
    expect(kindOf('智能仓储占比达到35%')).toEqual(['level']);
    expect(kindOf('医疗废物100%安全处置')).toEqual(['level']);
  });

  it('growth with a percentage is growth; 提高到 a level is not', () => {
    expect(kindOf('全年技改投资增长10%')).toEqual(['growth']);
    expect(kindOf('社会消费品零售总额同比增长8%')).toEqual(['growth']);
    expect(kindOf('固定资产投资增速达到6%')).toEqual(['growth']);
    expect(kindOf('将城乡低保标准提高5%以上')).toEqual(['growth']);
    expect(kindOf('力争营业收入突破100亿元,增长15%')).toEqual(['cumulative', 'growth']);
    expect(kindOf('森林覆盖率提高到40%')).toEqual(['level']);
  });

  it('不超过, 控制在, 以内, 下降 and ≤ are ceilings, judged as at most the target', () => {
    for (const text of ['煤炭消费总量不超过20万吨', '城镇登记失业率控制在5.5%以内', '单位GDP能耗下降3%', '安全事故死亡人数≤2人', '城镇登记失业率5.5%以下']) {
      const [ind] = extractIndicators(text);
      expect(ind, text).toMatchObject({ kind: 'ceiling', comparator: 'at_most' });
    }
  });

  it('counts and amounts are cumulative', () => {
    expect(kindOf('力争年内税收过千万元企业突破20家')).toEqual(['cumulative']);
    expect(kindOf('新增城镇就业5000人以上')).toEqual(['cumulative']);
    expect(kindOf('到位市外资金80亿元')).toEqual(['cumulative']);
  });
});

// ---------------------------------------------------------------------------

type CuratedIndicator = ProposedIndicator & { taskNo: number };

describe('db/seed-data/indicators-2023.json', () => {
  const curated = JSON.parse(fs.readFileSync(CURATED_FILE, 'utf8')) as CuratedIndicator[];

  it('has at least 40 entries spanning at least 25 tasks', () => {
    expect(curated.length).toBeGreaterThanOrEqual(40);
    expect(new Set(curated.map((c) => c.taskNo)).size).toBeGreaterThanOrEqual(25);
  });

  it('every entry is well-formed and its source phrase is in its task text', () => {
    for (const c of curated) {
      const t = plan.tasks.find((x) => x.no === c.taskNo);
      expect(t, `task ${c.taskNo}`).toBeDefined();
      expect(t?.text, `${c.taskNo} ${c.name}`).toContain(c.sourcePhrase);
      expect(c.name.trim()).not.toBe('');
      expect(Array.from(c.name).length).toBeLessThanOrEqual(NAME_MAX_LENGTH);
      expect(Number.isFinite(c.target)).toBe(true);
      if (c.targetMax !== null) expect(c.targetMax).toBeGreaterThan(c.target);
      expect(c.unit).not.toBe('');
      expect(['at_least', 'at_most']).toContain(c.comparator);
      expect(INDICATOR_KINDS, `${c.taskNo} ${c.name}`).toContain(c.kind);
    }
  });

  it('has no duplicate names within a task', () => {
    const seen = new Set<string>();
    for (const c of curated) {
      const key = `${c.taskNo}\u0000${c.name}`;
      expect(seen.has(key), `${c.taskNo} ${c.name}`).toBe(false);
      seen.add(key);
    }
  });

  it('is sorted by task number, in text order within a task', () => {
    for (let i = 1; i < curated.length; i++) {
      const a = curated[i - 1] as CuratedIndicator;
      const b = curated[i] as CuratedIndicator;
      expect(a.taskNo).toBeLessThanOrEqual(b.taskNo);
      if (a.taskNo === b.taskNo) {
        const text = task(a.taskNo).text;
        expect(text.indexOf(a.sourcePhrase)).toBeLessThanOrEqual(text.indexOf(b.sourcePhrase));
      }
    }
  });

  it('keeps the required 2023 targets', () => {
    const get = (no: number, name: string) => curated.find((c) => c.taskNo === no && c.name === name);
    expect(get(3, '税收过千万元企业')).toMatchObject({ target: 20, unit: '家', comparator: 'at_least' });
    expect(get(15, '国家高新技术企业总量')).toMatchObject({ target: 85, unit: '家' });
    expect(get(23, '改造提升高标准农田')).toMatchObject({ target: 2.3, unit: '万亩' });
    expect(get(66, '城乡低保标准提高')).toMatchObject({ target: 5, unit: '%' });
    expect(get(64, '省级随班就读示范校')).toMatchObject({ target: 2, targetMax: 3, unit: '所' });
  });

  it('gives every entry the kind its phrase calls for (rates are levels, growth is growth)', () => {
    const kindOf = (no: number, name: string) => curated.find((c) => c.taskNo === no && c.name === name)?.kind;
    expect(kindOf(40, '国省控断面水质达标率')).toBe('level');
    expect(kindOf(40, '医疗废物安全处置率')).toBe('level');
    expect(kindOf(19, '智能仓储占比')).toBe('level');
    expect(kindOf(64, '教育强校扩优行动中小学覆盖率')).toBe('level');
    expect(kindOf(6, '技改投资增长')).toBe('growth');
    expect(kindOf(66, '城乡低保标准提高')).toBe('growth');
    expect(kindOf(3, '税收过千万元企业')).toBe('cumulative');
    expect(kindOf(63, '新增城镇就业')).toBe('cumulative');
    // A percentage is never a running total.
    for (const c of curated) if (c.unit === '%') expect(c.kind, `${c.taskNo} ${c.name}`).not.toBe('cumulative');
  });

  it('drops project specifications (年产…)', () => {
    expect(curated.some((c) => c.sourcePhrase.includes('年产'))).toBe(false);
  });
});
