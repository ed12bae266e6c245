import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWorkReport } from '@/lib/plan-import/parse-work-report';
import { MAX_PARTICIPATING, UNIT_KEYWORD_TABLE, suggestUnits } from '@/lib/plan-import/suggest-units';

const REPORT_PATH = path.resolve(__dirname, '../../db/seed-data/hedong-2023-government-work-report.txt');
const NOTICE_PATH = path.resolve(__dirname, '../../db/seed-data/hedong-2023-key-tasks-notice.txt');
const noticeText = fs.readFileSync(NOTICE_PATH, 'utf8');
const report = parseWorkReport(fs.readFileSync(REPORT_PATH, 'utf8'));

/** The units 临东政办字〔2023〕19号 assigns tasks to (its 牵头单位/参与单位 clauses). */
const DISTRICT_UNITS = [
  '区发展和改革局', '区工业和信息化局', '区住房和城乡建设局', '区卫生健康局', '区农业农村局', '区投资促进服务中心',
  '河东生态环境分局', '区行政审批服务局', '区地方金融监督管理局', '区财政局', '区科学技术局', '区委组织部',
  '区人力资源和社会保障局', '区商城管委会', '区商务局', '河东交通运输分局', '区教育和体育局', '区林业发展中心',
  '区自然资源局', '区委统战部', '区工商联', '区水务局', '区文化和旅游局', '区市场监督管理局', '区供销社',
  '区综合行政执法局', '河东区公路中心', '区大数据局', '河东公安分局', '区应急管理局', '区政府办公室', '区委编办',
  '区司法局', '区委宣传部', '区委党校', '区机关事务服务中心', '区退役军人事务局', '区文化旅游发展促进中心',
  '区党性教育基地管理服务中心', '区委网信办', '区民政局', '区法院',
];

function taskText(title: string): string {
  const t = report.tasks.find((x) => x.title === title);
  if (!t) throw new Error(`task ${title} not found`);
  return t.text;
}

function leadOf(text: string, known: readonly string[] = DISTRICT_UNITS): string | undefined {
  return suggestUnits(text, known).lead[0]?.name;
}

describe('suggestUnits', () => {
  it('uses unit names of the district (all named in the 2023 key-tasks notice)', () => {
    for (const u of DISTRICT_UNITS) expect(noticeText).toContain(u);
    // Every district unit the table prefers is spelled as in the notice.
    const preferred = UNIT_KEYWORD_TABLE.flatMap((r) => r.units).filter((u) => DISTRICT_UNITS.includes(u));
    expect(preferred.length).toBeGreaterThanOrEqual(35);
  });

  it('suggests the lead unit for real tasks of the 2023 work report', () => {
    expect(leadOf(taskText('做大工业主引擎'))).toBe('区工业和信息化局');
    expect(leadOf(taskText('做实产业功能区'))).toBe('区工业和信息化局');
    expect(leadOf(taskText('招大引强聚势能'))).toBe('区投资促进服务中心');
    expect(leadOf(taskText('强化保障优服务'))).toBe('区发展和改革局');
    expect(leadOf(taskText('细化城市功能建设'))).toBe('区住房和城乡建设局');
    expect(leadOf(taskText('深化城市精细化管理'))).toBe('区综合行政执法局');
    expect(leadOf(taskText('推动农业高质高效'))).toBe('区农业农村局');
    expect(leadOf(taskText('全方位提升科技创新能力'))).toBe('区科学技术局');
    expect(leadOf(taskText('以更宽视野扩大对外开放'))).toBe('区商务局');
    expect(leadOf(taskText('以更实举措释放内需潜力'))).toBe('区商务局');
    expect(leadOf(taskText('全力强化社会保障'))).toBe('区人力资源和社会保障局');
    expect(leadOf(taskText('做优做强公共服务'))).toBe('区教育和体育局');
    expect(leadOf(taskText('提高社会治理水平'))).toBe('河东公安分局');
    // Main targets.
    expect(leadOf(taskText('地区生产总值增长6%左右'))).toBe('区发展和改革局');
    expect(leadOf(taskText('一般公共预算收入增长6%左右'))).toBe('区财政局');
    expect(leadOf(taskText('固定资产投资增长12%左右'))).toBe('区发展和改革局');
    expect(leadOf(taskText('社会消费品零售总额增长5.6%左右'))).toBe('区商务局');
    expect(leadOf(taskText('外资外贸促稳提质'))).toBe('区商务局');
  });

  it('gives participating units and the words that matched', () => {
    const s = suggestUnits(taskText('招大引强聚势能'), DISTRICT_UNITS);
    expect(s.lead).toEqual([
      { name: '区投资促进服务中心', reason: '任务中有“招商”“500强”“引进”“央企”“头部企业”“市外资金”' },
    ]);
    expect(s.participating.map((u) => u.name)).toEqual(['区发展和改革局', '区商务局', '区地方金融监督管理局']);
    expect(s.participating[1]).toEqual({ name: '区商务局', reason: '任务中有“外资”' });

    const roads = suggestUnits(taskText('细化城市功能建设'), DISTRICT_UNITS);
    expect(roads.participating.map((u) => u.name)).toEqual(['河东交通运输分局', '河东区公路中心', '区工业和信息化局']);

    expect(suggestUnits('加强招商引资，瞄准500强。', DISTRICT_UNITS)).toEqual({
      lead: [{ name: '区投资促进服务中心', reason: '任务中有“招商”“500强”' }],
      participating: [],
    });
  });

  it('ranks by hits, a title word counting twice, ties by table order', () => {
    // 工业 (row 1) and 招商 (row 2) once each: table order.
    expect(suggestUnits('工业和招商', DISTRICT_UNITS).lead[0]?.name).toBe('区工业和信息化局');
    expect(suggestUnits('招商和工业', DISTRICT_UNITS).lead[0]?.name).toBe('区工业和信息化局');
    // Two hits beat one.
    expect(suggestUnits('工业和招商，以商招商', DISTRICT_UNITS).lead[0]?.name).toBe('区投资促进服务中心');
    // A word in the title (first sentence) counts twice.
    expect(suggestUnits('做强工业。招商，招商', DISTRICT_UNITS).lead[0]?.name).toBe('区工业和信息化局');
    expect(suggestUnits('做强工业。招商，招商，招商', DISTRICT_UNITS).lead[0]?.name).toBe('区投资促进服务中心');
  });

  it('does not count a keyword inside an excluded phrase', () => {
    expect(suggestUnits('持续优化营商环境。', DISTRICT_UNITS).lead[0]?.name).toBe('区行政审批服务局');
    expect(suggestUnits('持续优化营商环境。', DISTRICT_UNITS).participating).toEqual([]);
    expect(suggestUnits('改善生态环境质量。', DISTRICT_UNITS).lead[0]?.name).toBe('河东生态环境分局');
  });

  it('returns only known units, as written there (aliases resolved)', () => {
    const text = taskText('做大工业主引擎');
    expect(suggestUnits(text, ['区商务局'])).toEqual({ lead: [], participating: [] });
    const alias = suggestUnits(text, ['区工信局']);
    expect(alias.lead.map((u) => u.name)).toEqual(['区工信局']);
    expect(alias.lead[0]?.reason).toMatch(/^任务中有“工业”/u);
    expect(suggestUnits(text, [])).toEqual({ lead: [], participating: [] });
    // 区水利局 is not a district unit: 区水务局 is suggested instead.
    expect(leadOf('加强水利工程建设。')).toBe('区水务局');
    expect(leadOf('加强水利工程建设。', ['区水利局', '区水务局'])).toBe('区水利局');
  });

  it('adds 区税务局 when the district has one, and never lets 区统计局 lead', () => {
    const revenue = suggestUnits('一般公共预算收入增长6%左右', [...DISTRICT_UNITS, '区税务局', '区统计局']);
    expect(revenue.lead.map((u) => u.name)).toEqual(['区财政局']);
    expect(revenue.participating.map((u) => u.name)).toEqual(['区税务局']);
    const gdp = suggestUnits('地区生产总值增长6%左右', [...DISTRICT_UNITS, '区统计局']);
    expect(gdp.lead).toEqual([{ name: '区发展和改革局', reason: '任务中有“地区生产总值”' }]);
    expect(gdp.participating).toEqual([{ name: '区统计局', reason: '任务中有“地区生产总值”' }]);
    expect(suggestUnits('做好统计工作', ['区统计局'])).toEqual({
      lead: [],
      participating: [{ name: '区统计局', reason: '任务中有“统计”' }],
    });
  });

  it('suggests at most one lead and three participating units, only known ones, for every task', () => {
    for (const t of report.tasks) {
      const s = suggestUnits(t.text, DISTRICT_UNITS);
      expect(s.lead.length).toBe(1);
      expect(s.participating.length).toBeLessThanOrEqual(MAX_PARTICIPATING);
      for (const u of [...s.lead, ...s.participating]) {
        expect(DISTRICT_UNITS).toContain(u.name);
        expect(u.reason).toMatch(/^任务中有(“[^”]+”)+等?$/u);
      }
    }
  });

  it('never throws, on any text and unit list', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(fc.oneof(fc.constantFrom(...DISTRICT_UNITS), fc.string({ maxLength: 8 })), { maxLength: 10 }),
        (text, known) => {
          const s = suggestUnits(text, known);
          expect(s.lead.length).toBeLessThanOrEqual(1);
          expect(s.participating.length).toBeLessThanOrEqual(MAX_PARTICIPATING);
          const names = [...s.lead, ...s.participating].map((u) => u.name);
          expect(new Set(names).size).toBe(names.length);
          for (const n of names) expect(known).toContain(n);
        },
      ),
      { numRuns: 300 },
    );
  });
});
