import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_TASKS_MESSAGE, NoticeParseError, chineseNumeralToNumber, parseNotice, type ParsedPlan, type ParsedTask } from '@/lib/plan-import/parse-notice';

// /work/shared is a sibling of the project root (/work/main); resolve from this file so cwd does not matter.
// The repository's copy of ../shared/seeds/hedong-2023-key-tasks-notice.txt (the app seeds from it).
const REAL_NOTICE = path.resolve(__dirname, '../../db/seed-data/hedong-2023-key-tasks-notice.txt');
const FIXTURES = path.resolve(__dirname, '__fixtures__');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function task(plan: ParsedPlan, no: number): ParsedTask {
  const t = plan.tasks.find((x) => x.no === no);
  if (!t) throw new Error(`task ${no} not found`);
  return t;
}

/** `text` is checked on its own below; the exact-shape tests compare the rest. */
function withoutText(plan: ParsedPlan) {
  return { ...plan, tasks: plan.tasks.map(({ text: _text, ...t }) => t) };
}

/** What a task of these older layouts says besides its units: no leaders, deadline, groups or headings. */
const NOTHING_ELSE = { leaders: [], deadline: null, deadlineText: null, groups: [], headingPath: [] };

function distinctUnits(plan: ParsedPlan): string[] {
  return [...new Set(plan.tasks.flatMap((t) => [...t.lead, ...t.participating]))].sort();
}

// ---------------------------------------------------------------------------

const realText = fs.readFileSync(REAL_NOTICE, 'utf8');
const real = parseNotice(realText);
const realUnits = distinctUnits(real);

describe('task text', () => {
  it('is the whole task: title sentence plus the rest, without number or unit clause', () => {
    expect(task(real, 1).text).toBe(`培优育强重点产业。${task(real, 1).body}`);
    expect(task(real, 40).text).toMatch(/^打好污染防治攻坚战。.*加快推进排污权市场化交易。$/);
    for (const t of real.tasks) expect(t.text).not.toMatch(/牵头单位|参与单位/);
  });
});

describe('real notice 临东政办字〔2023〕19号', () => {
  it('reads the header', () => {
    expect(real.code).toBe('临东政办字〔2023〕19号');
    expect(real.title).toBe('河东区深化新旧动能转换推动绿色低碳高质量发展2023年重点工作任务');
    expect(real.year).toBe(2023);
    expect(real.issuedOn).toBe('2023-09-18');
  });

  it('finds 12 sections with titles', () => {
    expect(real.sections).toHaveLength(12);
    expect(real.sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(real.sections[0]).toEqual({ no: 1, numeral: '一', title: '积极培育现代产业体系', line: 29 });
    expect(real.sections[11]).toEqual({ no: 12, numeral: '十二', title: '组织实施', line: 199 });
    for (const s of real.sections) expect(s.title.length).toBeGreaterThan(0);
  });

  it('finds 77 tasks numbered 1..77 in order', () => {
    expect(real.tasks.map((t) => t.no)).toEqual(Array.from({ length: 77 }, (_, i) => i + 1));
    // section boundaries: 1–10, 11–16, 17–22, 23–26, 27–29, 30–35, 36–46, 47–54, 55–62, 63–71, 72–74, 75–77
    const firstOfSection = real.sections.map((s) => real.tasks.find((t) => t.sectionNo === s.no)?.no);
    expect(firstOfSection).toEqual([1, 11, 17, 23, 27, 30, 36, 47, 55, 63, 72, 75]);
  });

  it('parses task 1', () => {
    const t = task(real, 1);
    expect(t.title).toBe('培优育强重点产业');
    expect(t.body.startsWith('围绕产业链条化发展')).toBe(true);
    expect(t.body.endsWith('等重点项目落地见效。')).toBe(true);
    expect(t.lead).toEqual(['区发展和改革局', '区工业和信息化局']);
    expect(t.participating).toEqual(['区住房和城乡建设局', '区卫生健康局', '区农业农村局']);
    expect(t.openEnded).toBe(false);
    expect(t.sectionNo).toBe(1);
    expect(t.line).toBe(31);
  });

  it('resolves 区投资促进中心 (task 5) to 区投资促进服务中心', () => {
    expect(task(real, 5).lead).toEqual(['区投资促进服务中心']);
    expect(task(real, 10).participating).toContain('区投资促进服务中心');
    expect(realUnits).not.toContain('区投资促进中心');
  });

  it('keeps parentheses inside the body (task 4, task 10)', () => {
    expect(task(real, 4).body).toContain('1000万套(二期)');
    expect(task(real, 10).body).toContain('总部经济企业(机构)名单。');
  });

  it('parses task 16 with 5 lead units', () => {
    expect(task(real, 16).lead).toEqual([
      '区委组织部',
      '区科学技术局',
      '区人力资源和社会保障局',
      '区发展和改革局',
      '区工业和信息化局',
    ]);
  });

  it('parses task 40 (；参与单位, open-ended list)', () => {
    const t = task(real, 40);
    expect(t.title).toBe('打好污染防治攻坚战');
    expect(t.lead).toEqual(['河东生态环境分局']);
    expect(t.participating.length).toBeGreaterThanOrEqual(13);
    expect(t.participating[t.participating.length - 1]).toBe('区科学技术局');
    expect(t.openEnded).toBe(true);
  });

  it('task 73 is also open-ended (…区发展和改革局等)', () => {
    const t = task(real, 73);
    expect(t.openEnded).toBe(true);
    expect(t.participating[t.participating.length - 1]).toBe('区发展和改革局');
  });

  it('tasks 75–77 have no units', () => {
    for (const no of [75, 76, 77]) {
      const t = task(real, no);
      expect(t.lead).toEqual([]);
      expect(t.participating).toEqual([]);
      expect(t.openEnded).toBe(false);
      expect(t.sectionNo).toBe(12);
    }
    expect(task(real, 75).title).toBe('加强组织领导');
  });

  it('gives exactly one warning, for 关闭窗口', () => {
    expect(real.warnings).toEqual([{ line: 207, text: '关闭窗口', message: '无法归入任何任务，已忽略' }]);
  });

  it('every task has a title of at most 40 chars and no unit clause left in the body', () => {
    for (const t of real.tasks) {
      expect(t.title.length).toBeGreaterThan(0);
      expect(Array.from(t.title).length).toBeLessThanOrEqual(40);
      expect(t.body).not.toMatch(/牵头单位|参与单位/);
      expect(t.title).not.toMatch(/^\d/);
    }
  });

  it('no unit name contains 等, parentheses or colons', () => {
    for (const u of realUnits) expect(u).not.toMatch(/[等()（）:：、，,]/);
  });

  it(`has ${realUnits.length} distinct units`, () => {
    expect(realUnits.length).toBeGreaterThanOrEqual(40);
    expect(realUnits.length).toBeLessThanOrEqual(70);
    expect(realUnits).toContain('区委组织部');
    expect(realUnits).toContain('河东公安分局');
    expect(realUnits).toContain('区法院');
  });
});

// ---------------------------------------------------------------------------

describe('fixture: wrapped text, full-width punctuation, standalone unit lines', () => {
  const plan = parseNotice(fixture('wrapped-fullwidth.txt'));

  it('parses exactly', () => {
    expect(withoutText(plan)).toEqual({
      code: '临东政办字〔2024〕5号',
      title: '河东区2024年重点工作任务',
      year: 2024,
      issuedOn: '2024-03-01',
      kind: 'key_tasks',
      sections: [
        { no: 1, numeral: '一', title: '加快产业转型升级', line: 11 },
        { no: 2, numeral: '二', title: '持续改善民生', line: 21 },
      ],
      tasks: [
        {
          no: 1,
          ...NOTHING_ELSE,
          title: '培优育强重点产业',
          body: '围绕产业链条化发展，强化“一链一策”产业培育，聚焦光伏、医疗器械、食品、轻工业等重点产业，全力推进四大园区建设。',
          lead: ['区发展和改革局', '区工业和信息化局'],
          participating: ['区住房和城乡建设局', '区卫生健康局', '区财政局', '区投资促进服务中心', '区行政审批服务局'],
          openEnded: true,
          sectionNo: 1,
          line: 12,
        },
        {
          no: 2,
          ...NOTHING_ELSE,
          title: '提升产业链能级',
          body: '落实全市重点产业链链长制工作要求（含“2+2+N”产业）。',
          lead: ['区工业和信息化局'],
          participating: [],
          openEnded: false,
          sectionNo: 1,
          line: 17,
        },
        {
          no: 3,
          ...NOTHING_ELSE,
          title: '推动基础教育高质量发展',
          body: '新建、改扩建学校8所。',
          lead: ['区教育和体育局', '区人力资源和社会保障局', '区卫生健康局'],
          participating: [],
          openEnded: false,
          sectionNo: 2,
          line: 22,
        },
        {
          no: 4,
          ...NOTHING_ELSE,
          title: '完善兜底性养老服务',
          body: '',
          lead: [],
          participating: ['区民政局'],
          openEnded: false,
          sectionNo: 2,
          line: 25,
        },
        {
          no: 5,
          ...NOTHING_ELSE,
          title: '加强基层医疗',
          body: '优化基本公共卫生服务。不断丰富家庭医生签约服务内涵。',
          lead: ['区卫生健康局'],
          participating: [],
          openEnded: false,
          sectionNo: 2,
          line: 27,
        },
      ],
      warnings: [{ line: 30, text: '（此件公开发布）', message: '无法归入任何任务，已忽略' }],
    });
  });
});

describe('fixture: ASCII punctuation, 1、 numbering restarting per section', () => {
  const plan = parseNotice(fixture('ascii-restart.txt'));

  it('parses exactly', () => {
    expect(withoutText(plan)).toEqual({
      code: '临东政办发[2024]3号',
      title: '河东区2024年安全生产重点任务',
      year: 2024,
      issuedOn: '2024-02-05',
      kind: 'key_tasks',
      sections: [
        { no: 1, numeral: '一', title: '强化安全责任', line: 5 },
        { no: 2, numeral: '二', title: '防范化解风险', line: 9 },
      ],
      tasks: [
        {
          no: 1,
          ...NOTHING_ELSE,
          title: '压实企业主体责任',
          body: '严格执行企业责任事故"四项制度",坚决防范遏制较大及以上事故发生.',
          lead: ['区应急管理局'],
          participating: ['区市场监督管理局', '区住房和城乡建设局'],
          openEnded: false,
          sectionNo: 1,
          line: 6,
        },
        {
          no: 2,
          ...NOTHING_ELSE,
          title: '推进重点工程(二期)建设',
          body: '加快推进.',
          lead: ['区应急局（区安委办）'],
          participating: ['区消防救援大队'],
          openEnded: false,
          sectionNo: 1,
          line: 7,
        },
        {
          no: 3,
          ...NOTHING_ELSE,
          title: '稳金融防风险',
          body: '加强重点企业流动性监测.',
          lead: ['区地方金融监督管理局'],
          participating: ['河东公安分局', '区法院'],
          openEnded: true,
          sectionNo: 2,
          line: 10,
        },
        {
          no: 4,
          ...NOTHING_ELSE,
          title: '统筹防汛抗旱',
          body: '',
          lead: ['区水务局'],
          participating: [],
          openEnded: false,
          sectionNo: 2,
          line: 11,
        },
      ],
      warnings: [
        {
          line: 10,
          text: '1、稳金融防风险;加强重点企业流动性监测.(牵头单位:区金融局;配合单位:河东公安分局、区法院等)',
          message: '任务编号有重复（可能每个部分都从1重新编号），已按文档顺序统一重新编号为1–4',
        },
      ],
    });
  });
});

// ---------------------------------------------------------------------------

describe('malformed and edge-case input', () => {
  it('throws NoticeParseError on an empty string', () => {
    expect(() => parseNotice('')).toThrow(NoticeParseError);
    expect(() => parseNotice('   \n\n')).toThrow(/未识别到任何任务/);
  });

  it('throws NoticeParseError when there are sections but no tasks', () => {
    const text = '某某通知\n\n一、总体要求\n坚持稳中求进。\n二、工作任务\n认真落实。\n';
    expect(() => parseNotice(text)).toThrow(NoticeParseError);
  });

  it('the error is an Error with a Chinese message', () => {
    try {
      parseNotice('关闭窗口');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(NoticeParseError);
      expect((e as Error).message).toBe(NO_TASKS_MESSAGE);
      expect(NO_TASKS_MESSAGE).toMatch(/^未识别到任何任务/);
    }
  });

  it('warns about garbage lines between tasks with correct line numbers', () => {
    const text = [
      '一、测试部分', // 1
      '1.任务一。正文。(牵头单位:区财政局)', // 2
      '乱码###', // 3
      '', // 4
      '这是一段与任务无关的说明文字，应当被忽略。', // 5
      '2.任务二。(牵头单位:区民政局)', // 6
      'xx', // 7
    ].join('\n');
    const plan = parseNotice(text);
    expect(plan.tasks).toHaveLength(2);
    expect(plan.tasks.map((t) => t.body)).toEqual(['正文。', '']);
    expect(plan.warnings).toEqual([
      { line: 3, text: '乱码###', message: '无法归入任何任务，已忽略' },
      { line: 5, text: '这是一段与任务无关的说明文字，应当被忽略。', message: '无法归入任何任务，已忽略' },
      { line: 7, text: 'xx', message: '无法归入任何任务，已忽略' },
    ]);
  });

  it('after a unit-less task ending in 。, a prose line is a warning (not swallowed)', () => {
    const text = '一、组织实施\n1.加强组织领导。各部门各司其职。\n河东区人民政府办公室 2023年9月18日印发\n';
    const plan = parseNotice(text);
    expect(task(plan, 1).body).toBe('各部门各司其职。');
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]?.line).toBe(3);
  });

  it('a wrapped line without prose signs before the unit lines is a warning', () => {
    const text = '一、部分\n1．任务一。正文很长需要换行\n等项目\n牵头单位：区财政局\n';
    const plan = parseNotice(text);
    expect(task(plan, 1).lead).toEqual(['区财政局']);
    expect(plan.warnings).toEqual([{ line: 3, text: '等项目', message: '无法归入任何任务，已忽略' }]);
  });

  it('warns about an unknown label in an inline clause but keeps the known ones', () => {
    const plan = parseNotice('一、部分\n1.任务一。正文。(牵头单位:区财政局,督办单位:区政府督查室)\n');
    const t = task(plan, 1);
    expect(t.lead).toEqual(['区财政局']);
    expect(t.participating).toEqual([]);
    expect(t.body).toBe('正文。');
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ line: 2 });
    expect(plan.warnings[0]?.message).toContain('督办单位');
  });

  it('a trailing parenthetical with only an unknown label stays in the body, with a warning', () => {
    const plan = parseNotice('一、部分\n1.任务一。正文。(主责单位:区财政局)\n');
    const t = task(plan, 1);
    expect(t.lead).toEqual([]);
    expect(t.body).toBe('正文。(主责单位:区财政局)');
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]?.message).toContain('主责单位');
  });

  it('warns about a standalone unit line with an unknown label', () => {
    const text = '一、部分\n1．任务一。正文。\n牵头单位：区财政局\n督办单位：区政府督查室\n';
    const plan = parseNotice(text);
    expect(task(plan, 1).lead).toEqual(['区财政局']);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ line: 4, text: '督办单位：区政府督查室' });
    expect(plan.warnings[0]?.message).toContain('督办单位');
  });

  it('accepts mixed 、 and ，/, separators and ；/; between segments', () => {
    const plan = parseNotice(
      '一、部分\n1.任务。(牵头单位:区财政局、区民政局，区商务局;参与单位：区税务局、区统计局,区审计局；配合部门:区发改局)\n',
    );
    const t = task(plan, 1);
    expect(t.lead).toEqual(['区财政局', '区民政局', '区商务局']);
    expect(t.participating).toEqual(['区税务局', '区统计局', '区审计局', '区发展和改革局']);
    expect(plan.warnings).toEqual([]);
  });

  it('deduplicates units and drops participating units that are also lead', () => {
    const plan = parseNotice(
      '一、部分\n1.任务。(牵头单位:区发改局、区发展和改革局,参与单位:区发展和改革局、区财政局、区财政局)\n',
    );
    expect(task(plan, 1).lead).toEqual(['区发展和改革局']);
    expect(task(plan, 1).participating).toEqual(['区财政局']);
  });

  it('handles 等有关部门 and a clause followed by 。', () => {
    const plan = parseNotice('一、部分\n1.任务。正文（牵头单位：区财政局；责任单位：区民政局等有关部门）。\n');
    const t = task(plan, 1);
    expect(t.body).toBe('正文');
    expect(t.lead).toEqual(['区财政局']);
    expect(t.participating).toEqual(['区民政局']);
    expect(t.openEnded).toBe(true);
  });

  it('handles a unit clause wrapped onto the next line', () => {
    const plan = parseNotice('一、部分\n1.任务。正文。(牵头单位:区财政局、\n区民政局)\n2.任务二。(牵头单位:区商务局)\n');
    expect(task(plan, 1).lead).toEqual(['区财政局', '区民政局']);
    expect(task(plan, 1).body).toBe('正文。');
    expect(plan.warnings).toEqual([]);
  });

  it('accepts a standalone parenthesised unit line', () => {
    const plan = parseNotice('一、部分\n1．任务一。正文。\n（牵头单位：区财政局；配合单位：区民政局）\n');
    expect(task(plan, 1).lead).toEqual(['区财政局']);
    expect(task(plan, 1).participating).toEqual(['区民政局']);
    expect(plan.warnings).toEqual([]);
  });

  it('does not take 2.3万亩 at the start of a wrapped line as a task number', () => {
    const plan = parseNotice('一、部分\n1．实施农田提升工程。改造提升高标准农田\n2.3万亩，确保产能稳定。\n牵头单位：区农业农村局\n');
    expect(plan.tasks).toHaveLength(1);
    expect(task(plan, 1).body).toBe('改造提升高标准农田2.3万亩，确保产能稳定。');
  });

  it('warns when task numbers skip, and numbers the tasks 1..n', () => {
    const plan = parseNotice('一、部分\n1.甲。(牵头单位:区财政局)\n2.乙。(牵头单位:区财政局)\n4.丁。(牵头单位:区财政局)\n');
    expect(plan.tasks.map((t) => t.no)).toEqual([1, 2, 3]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ line: 4 });
    expect(plan.warnings[0]?.message).toContain('不连续');
  });

  it('puts tasks before any section into a synthetic section, with a warning', () => {
    const plan = parseNotice('1.甲。(牵头单位:区财政局)\n一、第一部分\n2.乙。(牵头单位:区民政局)\n');
    expect(plan.sections).toEqual([
      { no: 1, numeral: '', title: '未分部分', line: 1 },
      { no: 2, numeral: '一', title: '第一部分', line: 2 },
    ]);
    expect(plan.tasks.map((t) => t.sectionNo)).toEqual([1, 2]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]?.line).toBe(1);
    expect(plan.warnings[0]?.message).toContain('未分部分');
  });

  it('warns when section numerals skip', () => {
    const plan = parseNotice('一、甲\n1.任务。\n三、丙\n2.任务。\n');
    expect(plan.sections.map((s) => s.numeral)).toEqual(['一', '三']);
    expect(plan.warnings.map((w) => w.line)).toEqual([3]);
  });

  it('truncates long titles to 40 chars with … and keeps the full text in the body', () => {
    const long = '推进' + '很长的标题文字'.repeat(8);
    const plan = parseNotice(`一、部分\n1.${long}。后续正文。(牵头单位:区财政局)\n`);
    const t = task(plan, 1);
    expect(Array.from(t.title)).toHaveLength(40);
    expect(t.title.endsWith('…')).toBe(true);
    expect(t.body).toBe(`${long}。后续正文。`);
  });

  it('passes extra aliases through to unit names', () => {
    const plan = parseNotice('一、部分\n1.任务。(牵头单位:区招商中心)\n', {
      aliases: new Map([['区招商中心', '区投资促进中心']]),
    });
    expect(task(plan, 1).lead).toEqual(['区投资促进服务中心']);
  });

  it('handles CRLF line endings and a BOM', () => {
    const plan = parseNotice('\uFEFF一、部分\r\n1.任务。(牵头单位:区财政局)\r\n关闭窗口\r\n');
    expect(plan.tasks).toHaveLength(1);
    expect(plan.warnings).toEqual([{ line: 3, text: '关闭窗口', message: '无法归入任何任务，已忽略' }]);
  });

  it('reads 第一部分 headings and a Chinese-numeral date', () => {
    const plan = parseNotice('二〇二四年一月十五日\n第一部分 总体安排\n1、任务。\n');
    expect(plan.issuedOn).toBe('2024-01-15');
    expect(plan.sections[0]).toEqual({ no: 1, numeral: '一', title: '总体安排', line: 2 });
    expect(plan.code).toBeNull();
    expect(plan.title).toBeNull();
    // No code or title: the year comes from the date.
    expect(plan.year).toBe(2024);
  });
});

describe('chineseNumeralToNumber', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['九十九', 99],
  ] as const)('%s → %i', (s, n) => {
    expect(chineseNumeralToNumber(s)).toBe(n);
  });

  it('rejects malformed numerals', () => {
    for (const s of ['', '十十', '一二', '百', '一十二三']) expect(chineseNumeralToNumber(s)).toBeNull();
  });
});
