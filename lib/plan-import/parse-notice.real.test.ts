/**
 * Real notices of other governments, as their sites give them (__fixtures__/real/*.txt; the first
 * line names the source and is dropped before parsing). Each shows a layout the Hedong notice does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotice, type ParsedPlan, type ParsedTask } from '@/lib/plan-import/parse-notice';

const REAL = path.resolve(__dirname, '__fixtures__/real');

function real(name: string): ParsedPlan {
  const [source, ...lines] = fs.readFileSync(path.join(REAL, name), 'utf8').split('\n');
  expect(source).toMatch(/^来源：https?:\/\/\S+（.+）$/u);
  return parseNotice(lines.join('\n'));
}

function task(plan: ParsedPlan, no: number): ParsedTask {
  const t = plan.tasks.find((x) => x.no === no);
  if (!t) throw new Error(`task ${no} not found`);
  return t;
}

/** Who answers for a task, and by when: the fields compared exactly below. */
function duty(t: ParsedTask) {
  return { lead: t.lead, participating: t.participating, groups: t.groups, leaders: t.leaders, deadline: t.deadline };
}
const NO_LEADERS = { leaders: [], deadline: null };

describe('every real fixture names its source on its first line', () => {
  it.each(fs.readdirSync(REAL).filter((f) => f.endsWith('.txt')))('%s', (name) => {
    const first = fs.readFileSync(path.join(REAL, name), 'utf8').split('\n')[0] ?? '';
    expect(first).toMatch(/^来源：https?:\/\/[^\s（]+（[^，）]+(?:，[^）]+)?）$/u);
  });
});

describe('鞍山市立山区 鞍立政发〔2023〕2号: title over two lines, 牵头单位/责任单位 on their own lines, collective phrases', () => {
  const plan = real('lishan-2023.txt');

  it('reads the header (the title is joined across the line break and its stray space)', () => {
    expect(plan).toMatchObject({
      code: '鞍立政发〔2023〕2号',
      title: '立山区政府2023年重点工作任务分解和责任分工方案',
      year: 2023,
      issuedOn: '2023-03-28',
      kind: 'key_tasks',
    });
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([['一', '经济社会发展的主要预期目标']]);
  });

  it('finds 6 tasks, with 全区经济运行各专班, 各街道, 区直各部门, 各相关单位 as groups', () => {
    expect(plan.tasks).toHaveLength(6);
    expect(task(plan, 1).title).toBe('努力实现地区生产总值增长6.2%左右');
    expect(duty(task(plan, 1))).toEqual({ lead: ['区发展和改革局'], participating: ['立山经济开发区'], groups: ['全区经济运行各专班'], ...NO_LEADERS });
    expect(duty(task(plan, 3))).toEqual({ lead: ['区发展和改革局'], participating: ['立山经济开发区'], groups: ['各街道', '区直各部门'], ...NO_LEADERS });
    expect(duty(task(plan, 5))).toEqual({ lead: ['区财政局'], participating: ['立山经济开发区', '税务局'], groups: ['各街道'], ...NO_LEADERS });
    expect(duty(task(plan, 6))).toEqual({ lead: ['区发展和改革局'], participating: [], groups: ['各街道', '各相关单位'], ...NO_LEADERS });
  });

  it('warns about nothing', () => {
    expect(plan.warnings).toEqual([]);
  });
});

describe('湖州市 2024年政府工作报告重点工作责任分解: 责任单位 only (the first leads), a note in brackets, no 文号', () => {
  const plan = real('huzhou-2024.txt');

  it('reads the header from 《…》《…》已经市政府同意 and the date', () => {
    expect(plan).toMatchObject({ code: null, title: '2024年政府工作报告重点工作责任分解', year: 2024, issuedOn: '2024-02-08', kind: 'work_report' });
  });

  it('skips the notice\'s own 一、二、三、 and reads the section and 2 tasks', () => {
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([['一', '洪湖鹏市长主抓重点工作']]);
    expect(plan.tasks).toHaveLength(2);
    const groups = ['市级其他有关单位', '各区县政府(含南太湖新区、长合区管委会)'];
    expect(duty(task(plan, 1))).toEqual({ lead: ['市政府办公室'], participating: [], groups, ...NO_LEADERS });
    expect(duty(task(plan, 2))).toEqual({ lead: ['市政府办公室'], participating: [], groups, ...NO_LEADERS });
    expect(task(plan, 1).text).not.toContain('下同');
  });
});

describe('丽水市 市政府工作报告重点工作责任分解(2023年): 责任单位 only, 分别牵头, two heading levels', () => {
  const plan = real('lishui-2023.txt');

  it('reads the header from the title line alone', () => {
    expect(plan).toMatchObject({ code: null, title: '市政府工作报告重点工作责任分解(2023年)', year: 2023, issuedOn: null, kind: 'work_report' });
  });

  it('finds 2 sections and 10 tasks; （一） is a heading of task 10', () => {
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([
      ['一', '全市经济社会发展主要预期目标'],
      ['二', '重点抓好六方面工作'],
    ]);
    expect(plan.tasks).toHaveLength(10);
    expect(plan.tasks.map((t) => t.sectionNo)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(task(plan, 10).headingPath).toEqual(['(一)全力以赴拼经济稳增长促发展']);
    expect(task(plan, 9).headingPath).toEqual([]);
  });

  it('the first responsible unit leads, unless several are marked 分别牵头', () => {
    expect(duty(task(plan, 1))).toEqual({ lead: ['市发改委'], participating: [], groups: [], ...NO_LEADERS });
    expect(task(plan, 4).lead).toEqual(['市发改委']);
    expect(task(plan, 4).participating).toHaveLength(11);
    expect(task(plan, 4).participating.at(-1)).toBe('市卫生健康委');
    expect(duty(task(plan, 6))).toEqual({ lead: ['市人力社保局', '市农业农村局'], participating: [], groups: [], ...NO_LEADERS });
    expect(duty(task(plan, 9))).toEqual({ lead: ['市人力社保局', '市发改委'], participating: [], groups: [], ...NO_LEADERS });
    expect(duty(task(plan, 10))).toEqual({
      lead: ['市双招双引办'],
      participating: ['市发改委', '市经信局', '丽水开发区管委会'],
      groups: ['各县(市、区)政府'],
      ...NO_LEADERS,
    });
  });
});

describe('黄石市下陆区 2020年区政府重点工作责任分解: 一、/（一）/1、 and [牵头单位:…;责任单位:…]', () => {
  const plan = real('xialuqu-2020.txt');

  it('reads the header (no 文号)', () => {
    expect(plan).toMatchObject({ code: null, title: '2020年区政府重点工作责任分解', year: 2020, issuedOn: '2020-06-28', kind: 'key_tasks' });
  });

  it('keeps （一） as the heading of its tasks and reads the bracketed clause', () => {
    expect(plan.sections.map((s) => s.title)).toEqual(['全力统筹疫情防控和经济社会秩序恢复']);
    expect(plan.tasks).toHaveLength(2);
    expect(task(plan, 1).headingPath).toEqual(['(一)坚持常态化疫情防控']);
    expect(task(plan, 1).text).toMatch(/隔离和治疗。$/u);
    expect(duty(task(plan, 1))).toEqual({
      lead: ['区卫生健康局'],
      participating: [],
      groups: ['区疫情防控指挥部成员单位', '各街办(新区)'],
      ...NO_LEADERS,
    });
    expect(duty(task(plan, 2))).toEqual({
      lead: ['区卫生健康局', '区创文办'],
      participating: [],
      groups: ['区疫情防控指挥部成员单位', '区创文工作领导小组成员单位', '各街办(新区)'],
      ...NO_LEADERS,
    });
  });
});

describe('武汉市蔡甸区 蔡政办〔2023〕1号: （一） numbered tasks, 责任单位 only', () => {
  const plan = real('caidian-2023.txt');

  it('reads the header (文    号 with spaces, 发文日期 without a colon)', () => {
    expect(plan).toMatchObject({
      code: '蔡政办〔2023〕1号',
      title: '2023年区《政府工作报告》确定的主要目标任务责任分解方案',
      year: 2023,
      issuedOn: '2023-01-03',
      kind: 'work_report',
    });
  });

  it('reads （一）…（三） as tasks under 一、 and not the notice\'s own 一、二、三、', () => {
    expect(plan.sections.map((s) => s.title)).toEqual(['2023年全区经济社会发展的主要预期目标']);
    expect(plan.tasks.map((t) => t.title)).toEqual(['地区生产总值增长7%以上', '规上工业增加值增长12%以上', '固定资产投资增长10%以上']);
    expect(duty(task(plan, 2))).toEqual({ lead: ['区科技和经信局'], participating: [], groups: [], ...NO_LEADERS });
    expect(plan.warnings).toEqual([]);
  });
});

describe('霍山县 2025年开发区重点工作及责任清单: a table flattened one cell per line, each cell ending with |', () => {
  const plan = real('huoshan-2025.txt');

  it('reads the header', () => {
    expect(plan).toMatchObject({ code: null, title: '2025年开发区重点工作及责任清单', year: 2025, kind: 'key_tasks' });
  });

  it('reads 3 rows with 责任领导 and 完成时限 (全年 → the end of 2025)', () => {
    expect(plan.sections).toEqual([{ no: 1, numeral: '一', title: '重点任务', line: 7 }]);
    expect(plan.tasks).toHaveLength(3);
    // Line breaks of the PDF inside a cell (工作机 制) are joined.
    expect(task(plan, 1).text).toContain('工作机制,落实重点项目');
    expect(duty(task(plan, 1))).toEqual({ lead: ['招商工作部'], participating: ['安商工作部'], groups: [], leaders: ['叶林'], deadline: '2025-12-31' });
    expect(duty(task(plan, 2))).toEqual({ lead: ['改革办'], participating: [], groups: [], leaders: ['马振明'], deadline: '2025-12-31' });
    expect(duty(task(plan, 3))).toEqual({ lead: ['规划建设局'], participating: [], groups: [], leaders: ['张云峰'], deadline: '2025-12-31' });
    expect(task(plan, 3).deadlineText).toBe('全年');
    expect(plan.warnings).toEqual([]);
  });
});

describe('大竹县 竹府办〔2016〕20号 民生实事: a table flattened one cell per line without |, units over several lines', () => {
  const plan = real('dazhu-2016.txt');

  it('reads the header and the kind (民生实事)', () => {
    expect(plan).toMatchObject({ code: '竹府办〔2016〕20号', title: '2016年民生实事目标任务分解表', year: 2016, issuedOn: '2016-02-26', kind: 'livelihood' });
  });

  it('reads 11 tasks: row 5 has two (its 序号 and 责任单位 cells are merged)', () => {
    expect(plan.tasks).toHaveLength(11);
    expect(duty(task(plan, 1))).toEqual({ lead: ['县水务局'], participating: ['县住建局', '县护城河指挥部'], groups: [], leaders: [], deadline: '2016-12-31' });
    expect(duty(task(plan, 2))).toEqual({ lead: ['县住建局'], participating: [], groups: [], leaders: [], deadline: '2016-09-30' });
    expect(task(plan, 2).deadlineText).toBe('9月投入使用');
    expect(duty(task(plan, 4))).toEqual({ lead: ['县残联'], participating: [], groups: [], leaders: [], deadline: '2016-05-31' });
    expect(task(plan, 5).title).toBe('开工建设县老年养护楼');
    expect(task(plan, 6).title).toBe('开工建设老年大学');
    expect(duty(task(plan, 6))).toEqual({ lead: ['县民政局'], participating: [], groups: [], leaders: [], deadline: '2016-12-31' });
    expect(task(plan, 11).title).toBe('城区再新建1个农贸市场');
  });

  it('warns about the page footer after the table', () => {
    expect(plan.warnings.map((w) => w.text)).toEqual(['分享到:']);
  });
});
