import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '@/lib/indicators/extract-indicators';
import { documentFromText, type NoticeDocument } from '@/lib/plan-import/document/document';
import { NoticeParseError, type ParsedPlan, type ParsedTask } from '@/lib/plan-import/parsed-plan';
import {
  NO_PLAN_PART_MESSAGE,
  NO_WORK_REPORT_TASKS_MESSAGE,
  looksLikeWorkReport,
  numberToChineseNumeral,
  parseWorkReport,
} from '@/lib/plan-import/parse-work-report';

// The repository's copy of ../shared/seeds/hedong-2023-government-work-report.txt.
const REPORT_PATH = path.resolve(__dirname, '../../db/seed-data/hedong-2023-government-work-report.txt');
const NOTICE_PATH = path.resolve(__dirname, '../../db/seed-data/hedong-2023-key-tasks-notice.txt');
const reportText = fs.readFileSync(REPORT_PATH, 'utf8');
const noticeText = fs.readFileSync(NOTICE_PATH, 'utf8');
const report = parseWorkReport(reportText);

function byTitle(plan: ParsedPlan, title: string): ParsedTask {
  const t = plan.tasks.find((x) => x.title === title);
  if (!t) throw new Error(`task ${title} not found`);
  return t;
}

function sectionTitles(plan: ParsedPlan, sectionNo: number): string[] {
  return plan.tasks.filter((t) => t.sectionNo === sectionNo).map((t) => t.title);
}

/** Sentences (≥ 8 chars, `**` and spaces removed) of the report's lines first..last (1-based, inclusive). */
function sentencesOfLines(first: number, last: number): string[] {
  const text = reportText
    .split('\n')
    .slice(first - 1, last)
    .join('')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, '');
  return text
    .split(/[。！；]/u)
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
}

const MAIN_TARGETS = [
  '地区生产总值增长6%左右',
  '一般公共预算收入增长6%左右',
  '固定资产投资增长12%左右',
  '社会消费品零售总额增长5.6%左右',
  '外资外贸促稳提质',
  '主要指标增幅高于全省、全市平均水平',
  '全面完成各项约束性指标',
];

describe('parseWorkReport: the Hedong District 2023 government work report', () => {
  it('is a copy of the shared seed', () => {
    const shared = path.resolve(__dirname, '../../../shared/seeds/hedong-2023-government-work-report.txt');
    if (fs.existsSync(shared)) expect(fs.readFileSync(REPORT_PATH)).toEqual(fs.readFileSync(shared));
  });

  it('reads the plan header', () => {
    expect(report.kind).toBe('work_report');
    expect(report.title).toBe('2023年政府工作报告重点任务分解');
    expect(report.year).toBe(2023);
    expect(report.issuedOn).toBe('2023-01-10');
    expect(report.code).toBeNull();
  });

  it('finds the main targets section and the seven parts of 二、2023 年目标任务和工作安排', () => {
    expect(report.sections).toEqual([
      { no: 1, numeral: '一', title: '主要预期目标', line: 71 },
      { no: 2, numeral: '二', title: '坚定不移构建现代化产业体系', line: 77 },
      { no: 3, numeral: '三', title: '坚定不移强化高质量项目带动', line: 81 },
      { no: 4, numeral: '四', title: '坚定不移提升高能级城市形态', line: 83 },
      { no: 5, numeral: '五', title: '坚定不移建设现代化农业农村', line: 91 },
      { no: 6, numeral: '六', title: '坚定不移激发全要素创新活力', line: 95 },
      { no: 7, numeral: '七', title: '坚定不移深化全方位改革开放', line: 99 },
      { no: 8, numeral: '八', title: '坚定不移增进高质量民生福祉', line: 103 },
    ]);
  });

  it('has 7 main targets and 24 tasks in the parts (31 in all), numbered through', () => {
    const counts = report.sections.map((s) => report.tasks.filter((t) => t.sectionNo === s.no).length);
    expect(counts).toEqual([7, 4, 3, 4, 3, 3, 3, 4]);
    expect(report.tasks.map((t) => t.no)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });

  it('splits the main targets sentence (cut by `**` and a page break) into one task per target', () => {
    expect(sectionTitles(report, 1)).toEqual(MAIN_TARGETS);
    const targets = report.tasks.filter((t) => t.sectionNo === 1);
    expect(targets.map((t) => t.text)).toEqual(MAIN_TARGETS);
    expect(targets.map((t) => t.body)).toEqual(MAIN_TARGETS.map(() => ''));
    // 外资外贸 starts on line 71, 促稳提质 continues on line 73.
    expect(targets.map((t) => t.line)).toEqual([71, 71, 71, 71, 71, 73, 73]);
  });

  it('proposes an indicator for every quantified main target', () => {
    const targets = report.tasks.filter((t) => t.sectionNo === 1);
    const proposed = targets.map((t) =>
      extractIndicators(t.text).map(({ name, target, unit, targetMax }) => ({ name, target, unit, targetMax })),
    );
    expect(proposed).toEqual([
      [{ name: '地区生产总值增长', target: 6, unit: '%', targetMax: null }],
      [{ name: '一般公共预算收入增长', target: 6, unit: '%', targetMax: null }],
      [{ name: '固定资产投资增长', target: 12, unit: '%', targetMax: null }],
      [{ name: '社会消费品零售总额增长', target: 5.6, unit: '%', targetMax: null }],
      [],
      [],
      [],
    ]);
  });

  it('takes every bold item of a part as a task, and the two items whose bold was lost at a page break', () => {
    expect(sectionTitles(report, 2)).toEqual(['做大工业主引擎', '做实产业功能区', '做活现代服务业', '做强企业硬实力']);
    expect(sectionTitles(report, 3)).toEqual(['招大引强聚势能', '优化结构扩投资', '强化保障优服务']);
    expect(sectionTitles(report, 4)).toEqual(['优化城镇发展格局', '细化城市功能建设', '强化城市产业融合', '深化城市精细化管理']);
    expect(sectionTitles(report, 5)).toEqual(['推动农业高质高效', '保障乡村宜居宜业', '促进农民富足富裕']);
    expect(sectionTitles(report, 6)).toEqual(['全方位提升科技创新能力', '高水平建设重大创新载体', '深层次汇聚高端创新人才']);
    expect(sectionTitles(report, 7)).toEqual(['以更大力度深化重点领域改革', '以更宽视野扩大对外开放', '以更实举措释放内需潜力']);
    expect(sectionTitles(report, 8)).toEqual(['全力强化社会保障', '做优做强公共服务', '守牢安全发展底线', '提高社会治理水平']);
  });

  it('gives each task its line, text (from the bold item to the next item or the paragraph end) and body', () => {
    const engine = byTitle(report, '做大工业主引擎');
    expect(engine.line).toBe(77);
    expect(engine.text.startsWith('做大工业主引擎。深入实施工业倍增突破工程，力争工业增加值增速达到10%以上。')).toBe(true);
    expect(engine.text.endsWith('力争抢占市场、实现突破。')).toBe(true);
    expect(engine.body.startsWith('深入实施工业倍增突破工程')).toBe(true);
    expect(byTitle(report, '做实产业功能区').line).toBe(77);
    expect(byTitle(report, '做活现代服务业').line).toBe(79);
    expect(byTitle(report, '细化城市功能建设').line).toBe(87);
    expect(byTitle(report, '全方位提升科技创新能力').line).toBe(97);
    expect(byTitle(report, '提高社会治理水平').line).toBe(105);
    // Paragraphs split by a page break are joined, and the spaces around numbers removed.
    expect(byTitle(report, '优化城镇发展格局').text).toContain('进一步优化全域城镇发展空间布局。各镇街');
    expect(byTitle(report, '全力强化社会保障').text).toContain('构建“15分钟医保服务圈”');
    expect(byTitle(report, '提高社会治理水平').text.endsWith('推动各级综治中心规范化建设，多元化解矛盾纠纷。')).toBe(true);
    expect(byTitle(report, '细化城市功能建设').text).toContain('新增供热面积60万平方米');
    // The part's introduction is no task's text.
    expect(report.tasks.some((t) => t.text.includes('坚持以产业强区建设为主战场'))).toBe(false);
  });

  it('fills every task the same way: text, no units, year-end deadline', () => {
    for (const t of report.tasks) {
      expect(t.text.trim()).not.toBe('');
      expect(t.title.trim()).not.toBe('');
      expect(Array.from(t.title).length).toBeLessThanOrEqual(40);
      expect(t.text.startsWith(t.title)).toBe(true);
      expect(t.text).not.toContain('**');
      expect(t).toMatchObject({
        lead: [],
        participating: [],
        leaders: [],
        groups: [],
        headingPath: [],
        deadline: '2023-12-31',
        deadlineText: null,
        openEnded: false,
      });
    }
  });

  it('takes nothing from part 一 (the 2022 review), the preamble of part 二 or part 三', () => {
    const excluded = [...sentencesOfLines(23, 61), ...sentencesOfLines(65, 69), ...sentencesOfLines(109, 127)];
    expect(excluded.length).toBeGreaterThan(50);
    for (const t of report.tasks) for (const s of excluded) expect(t.text).not.toContain(s);
    for (const t of report.tasks) {
      expect(t.line).toBeGreaterThanOrEqual(71);
      expect(t.line).toBeLessThan(109);
    }
  });

  it('warns about part 三 and the two items whose bold was lost', () => {
    expect(report.warnings.map((w) => [w.line, w.text])).toEqual([
      [87, '细化城市功能建设'],
      [97, '全方位提升科技创新能力'],
      [109, '三、加强政府自身建设'],
    ]);
  });

  it('reads a NoticeDocument like the text', () => {
    expect(parseWorkReport(documentFromText(reportText, 'report.txt'))).toEqual(report);
  });

  it('detects the report and rejects the key-tasks notice', () => {
    expect(looksLikeWorkReport(reportText)).toBe(true);
    expect(looksLikeWorkReport(noticeText)).toBe(false);
    expect(() => parseWorkReport(noticeText)).toThrow(NoticeParseError);
    expect(() => parseWorkReport(noticeText)).toThrow(NO_PLAN_PART_MESSAGE);
  });
});

// ---------------------------------------------------------------------------

const HEAD = ['政府工作报告', '——2024年1月8日在某区人民代表大会上', '', '一、2023年工作回顾', '', '（一）回顾一。**回顾加粗。**去年做了很多。', ''];

describe('parseWorkReport: layouts', () => {
  it('splits targets on 、 only when every part is a quantified target', () => {
    const plan = parseWorkReport(
      [
        ...HEAD,
        '二、2024年目标任务',
        '主要预期目标是：规模以上工业增加值增长8%、城乡居民人均可支配收入增长7%，居民消费价格涨幅控制在3%左右；主要指标增幅高于全省、全市平均水平。其余内容。',
      ].join('\n'),
    );
    expect(plan.tasks.map((t) => t.title)).toEqual([
      '规模以上工业增加值增长8%',
      '城乡居民人均可支配收入增长7%',
      '居民消费价格涨幅控制在3%左右',
      '主要指标增幅高于全省、全市平均水平',
    ]);
    expect(plan.year).toBe(2024);
    expect(plan.issuedOn).toBe('2024-01-08');
    expect(plan.sections).toEqual([{ no: 1, numeral: '一', title: '主要预期目标', line: 9 }]);
  });

  it('splits a part without bold items on 一是/二是, else per paragraph, else keeps it whole', () => {
    const plan = parseWorkReport(
      [
        ...HEAD,
        '二、2024年目标任务和工作安排',
        '（一）抓好三件事。一是建设园区，新建厂房2万平方米；二是引进项目。三是培育企业。',
        '（二）推进两项工作。总的要求。',
        '第一项工作要抓紧。具体内容。',
        '第二项工作，内容较长，继续说明。',
        '（三）一段话的部分，没有分项。要点甲，要点乙。',
        '三、加强政府自身建设',
        '（一）建设法治政府。依法行政。',
      ].join('\n'),
    );
    expect(plan.sections.map((s) => s.title)).toEqual(['抓好三件事', '推进两项工作', '一段话的部分，没有分项']);
    expect(plan.tasks.map((t) => [t.sectionNo, t.title, t.text])).toEqual([
      [1, '建设园区，新建厂房2万平方米', '建设园区，新建厂房2万平方米；'],
      [1, '引进项目', '引进项目。'],
      [1, '培育企业', '培育企业。'],
      [2, '第一项工作要抓紧', '第一项工作要抓紧。具体内容。'],
      [2, '第二项工作，内容较长，继续说明', '第二项工作，内容较长，继续说明。'],
      [3, '一段话的部分，没有分项', '一段话的部分，没有分项。要点甲，要点乙。'],
    ]);
    expect(plan.tasks.map((t) => t.line)).toEqual([9, 9, 9, 11, 12, 13]);
    // No main targets: warned.
    expect(plan.warnings.map((w) => w.message)).toContain('未找到“主要预期目标是：……”一句，未生成主要预期目标任务');
  });

  it('appends a paragraph without an item to the item before it, and stops a part at 各位代表', () => {
    const plan = parseWorkReport(
      [
        ...HEAD,
        '二、2024年目标任务和工作安排',
        '（一）做好产业。引言。**做大工业。**内容一。',
        '接着上一段的内容，继续展开。',
        '**做强服务业。**内容二。',
        '各位代表！让我们共同努力。',
      ].join('\n'),
    );
    expect(plan.tasks.map((t) => [t.title, t.text, t.body])).toEqual([
      ['做大工业', '做大工业。内容一。接着上一段的内容，继续展开。', '内容一。接着上一段的内容，继续展开。'],
      ['做强服务业', '做强服务业。内容二。', '内容二。'],
    ]);
    expect(plan.warnings.map((w) => [w.line, w.message])).toEqual([
      [9, '未找到“主要预期目标是：……”一句，未生成主要预期目标任务'],
      [10, '段落开头无任务标题，已并入上一任务“做大工业”，请核对'],
    ]);
  });

  it('reads bold runs of a document, ignoring a bold part heading and bold emphasis inside a sentence', () => {
    const doc: NoticeDocument = {
      blocks: [
        { kind: 'paragraph', text: '2024年政府工作报告', line: 1 },
        { kind: 'paragraph', text: '二、2024年目标任务和工作安排', line: 2 },
        { kind: 'paragraph', text: '**（一）做强产业。**', line: 3 },
        { kind: 'paragraph', text: '**壮大工业。**实施技改项目**50个**，新增规上企业20家。', line: 4 },
        { kind: 'table', rows: [['指标', '目标']], line: 5 },
        { kind: 'paragraph', text: '**培育服务业**，发展现代物流。', line: 6 },
      ],
      source: { format: 'docx', fileName: 'report.docx' },
    };
    const plan = parseWorkReport(doc);
    expect(plan.sections).toEqual([{ no: 1, numeral: '一', title: '做强产业', line: 3 }]);
    expect(plan.tasks.map((t) => [t.title, t.text, t.line])).toEqual([
      // A table row is a paragraph of its own (here appended to the item before it).
      ['壮大工业', '壮大工业。实施技改项目50个，新增规上企业20家。指标|目标', 4],
      ['培育服务业', '培育服务业，发展现代物流。', 6],
    ]);
    expect(plan.year).toBe(2024);
    expect(plan.issuedOn).toBeNull();
  });

  it('without a year: no deadline and a generic title', () => {
    const plan = parseWorkReport(['二、目标任务和工作安排', '（一）做强产业。**壮大工业。**内容。'].join('\n'));
    expect(plan.year).toBeNull();
    expect(plan.title).toBe('政府工作报告重点任务分解');
    expect(plan.tasks[0]).toMatchObject({ title: '壮大工业', deadline: null, deadlineText: null });
  });

  it('throws NoticeParseError when nothing is found', () => {
    expect(() => parseWorkReport('')).toThrow(NoticeParseError);
    expect(() => parseWorkReport('')).toThrow(NO_WORK_REPORT_TASKS_MESSAGE);
    expect(() => parseWorkReport('随便写的一段话。')).toThrow(NO_WORK_REPORT_TASKS_MESSAGE);
    expect(() => parseWorkReport('一、工作回顾\n（一）做了很多。**成绩。**很好。')).toThrow(NO_PLAN_PART_MESSAGE);
    expect(() => parseWorkReport('二、2024年目标任务和工作安排\n\n没有分项的话')).toThrow(NoticeParseError);
  });

  it('numbers sections in Chinese', () => {
    expect([1, 9, 10, 11, 20, 23, 99].map(numberToChineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十三', '九十九']);
  });
});

describe('looksLikeWorkReport', () => {
  it('needs the title and a 目标任务 heading', () => {
    expect(looksLikeWorkReport('政 府 工 作 报 告\n二、2023 年目标任务和工作安排')).toBe(true);
    expect(looksLikeWorkReport('政府工作报告\n一、2022年工作回顾')).toBe(false);
    expect(looksLikeWorkReport('关于印发2023年政府工作报告重点任务分工的通知\n一、目标任务')).toBe(false);
    expect(looksLikeWorkReport('')).toBe(false);
  });
});

// ---------------------------------------------------------------------------

const REPORT_LINES = reportText.split('\n');
const FRAGMENTS = [
  '政 府 工 作 报 告',
  '——2023年1月10日在临沂市河东区',
  '——2023年2月30日在会议上',
  '一、2022年工作回顾',
  '二、2023 年目标任务和工作安排',
  '三、加强政府自身建设',
  '（一）坚定不移构建现代化产业体系。',
  '（二）',
  '(三)推进改革',
  '（十一）',
  '**做大工业主引擎。**',
  '**做实产业功能区。**深入实施',
  '**',
  '****',
  '**一是**',
  '一是加强，',
  '二是',
  '建议今年经济社会发展的主要预期目标是：**地区生产总值增长6%左右，',
  '主要预期目标是：',
  '一般公共预算收入增长6%左右、固定资产投资增长12%左右',
  '外资外贸**',
  '促稳提质，主要指标增幅高于全省、全市平均水平。',
  '细化城市功能建设。',
  '各位代表！',
  '“',
  '”',
  '（',
  '）',
  '。',
  '，',
  '、',
  '；',
  ' ',
  '　',
  '',
  '\t',
  '\r',
];

function checkPlan(plan: ParsedPlan): void {
  expect(plan.kind).toBe('work_report');
  expect(plan.tasks.length).toBeGreaterThan(0);
  plan.tasks.forEach((t, i) => {
    expect(t.no).toBe(i + 1);
    expect(t.title).not.toBe('');
    expect(t.text).not.toBe('');
    expect(plan.sections.some((s) => s.no === t.sectionNo)).toBe(true);
    expect(t.line).toBeGreaterThanOrEqual(1);
  });
}

function parseOrParseError(input: string | NoticeDocument): void {
  let plan: ParsedPlan;
  try {
    plan = parseWorkReport(input);
  } catch (e) {
    expect(e).toBeInstanceOf(NoticeParseError);
    return;
  }
  checkPlan(plan);
}

describe('parseWorkReport: properties', () => {
  it('never throws anything but NoticeParseError on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => parseOrParseError(s)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'二、（一）*。，：年0123456789%\n 是各位代表主要预期目标'), maxLength: 200 }), (s) =>
        parseOrParseError(s),
      ),
      { numRuns: 300 },
    );
  });

  it('never throws anything but NoticeParseError on mixtures of report fragments and lines', () => {
    const piece = fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.constantFrom(...REPORT_LINES),
      fc.string({ maxLength: 12 }),
    );
    const sep = fc.constantFrom('', '\n', '\n\n', '\r\n', ' ');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, sep), { maxLength: 40 }), (parts) =>
        parseOrParseError(parts.map(([p, s]) => p + s).join('')),
      ),
      { numRuns: 400 },
    );
  });

  it('never throws anything but NoticeParseError on a shuffled subset of the report or random documents', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(REPORT_LINES), (lines) => parseOrParseError(lines.join('\n'))),
      { numRuns: 150 },
    );
    const block = fc.oneof(
      fc.record({ kind: fc.constant('paragraph' as const), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string()), line: fc.integer({ min: 1, max: 500 }) /* lines are 1-based */ }),
      fc.record({
        kind: fc.constant('table' as const),
        rows: fc.array(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }), { maxLength: 3 }),
        line: fc.integer({ min: 1, max: 500 }) /* lines are 1-based */,
      }),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), (blocks) =>
        parseOrParseError({ blocks, source: { format: 'docx' } }),
      ),
      { numRuns: 200 },
    );
  });
});
