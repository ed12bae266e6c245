/**
 * The layouts the notice parser reads, one small example each (the real notices are in
 * parse-notice.real.test.ts): numbering, heading levels, unit clauses, tables, header, deadlines.
 */
import { describe, expect, it } from 'vitest';
import type { NoticeDocument } from '@/lib/plan-import/document/document';
import {
  isCollectivePhrase,
  NoticeParseError,
  parseDeadline,
  parseNotice,
  type ParsedPlan,
  type ParsedTask,
} from '@/lib/plan-import/parse-notice';

function task(plan: ParsedPlan, no: number): ParsedTask {
  const t = plan.tasks.find((x) => x.no === no);
  if (!t) throw new Error(`task ${no} not found`);
  return t;
}
function units(t: ParsedTask) {
  return { lead: t.lead, participating: t.participating, groups: t.groups };
}
function doc(...blocks: NoticeDocument['blocks']): NoticeDocument {
  return { blocks, source: { format: 'docx' } };
}

describe('numbering and heading levels', () => {
  it('（一） headings with 1. tasks: the （一） are the sections', () => {
    const plan = parseNotice('（一）经济发展\n1.稳增长。（牵头单位：区发改局）\n2.扩投资。（牵头单位：区发改局）\n（二）社会民生\n3.稳就业。（牵头单位：区人社局）\n');
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([
      ['一', '经济发展'],
      ['二', '社会民生'],
    ]);
    expect(plan.tasks.map((t) => [t.no, t.sectionNo, t.headingPath])).toEqual([
      [1, 1, []],
      [2, 1, []],
      [3, 2, []],
    ]);
  });

  it('一、 then （一） then 1.: （一） is the heading path of the tasks', () => {
    const plan = parseNotice(
      '一、推动高质量发展\n（一）推进制造业升级\n1.实施技改。（牵头单位：区工信局）\n（二）壮大服务业\n2.发展物流。（牵头单位：区商务局）\n二、增进民生福祉\n3.稳就业。（牵头单位：区人社局）\n',
    );
    expect(plan.sections.map((s) => s.title)).toEqual(['推动高质量发展', '增进民生福祉']);
    expect(plan.tasks.map((t) => t.headingPath)).toEqual([['（一）推进制造业升级'], ['（二）壮大服务业'], []]);
  });

  it('（一） numbered tasks with 责任单位 under 一、 sections', () => {
    const plan = parseNotice('一、主要目标\n（一）地区生产总值增长6%\n责任单位：区发改局\n（二）税收增长5%\n责任单位：区财政局、区税务局\n');
    expect(plan.tasks.map((t) => [t.title, t.lead, t.participating])).toEqual([
      ['地区生产总值增长6%', ['区发展和改革局'], []],
      ['税收增长5%', ['区财政局'], ['区税务局']],
    ]);
  });

  it('（1） numbered tasks', () => {
    const plan = parseNotice('一、经济\n（1）稳增长。（牵头单位：区发改局）\n（2）扩投资。（牵头单位：区财政局）\n');
    expect(plan.tasks.map((t) => t.lead)).toEqual([['区发展和改革局'], ['区财政局']]);
  });

  it('一是…二是… tasks', () => {
    const plan = parseNotice('一、经济发展\n一是推进项目建设（区发改局牵头）；\n二是加快招商（区商务局牵头）。\n');
    expect(plan.tasks.map((t) => [t.title, t.lead])).toEqual([
      ['推进项目建设', ['区发展和改革局']],
      ['加快招商', ['区商务局']],
    ]);
  });

  it('only 一、 items, each a task with units: one section 重点任务 holds them', () => {
    const plan = parseNotice('某区2023年重点任务清单\n一、推进项目建设，确保全年完成投资50亿元。（牵头单位：区发改局；责任单位：各镇街）\n二、加快招商引资。（牵头单位：区商务局）\n');
    expect(plan.sections).toEqual([{ no: 1, numeral: '一', title: '重点任务', line: 2 }]);
    expect(plan.tasks.map((t) => t.title)).toEqual(['推进项目建设，确保全年完成投资50亿元', '加快招商引资']);
    expect(task(plan, 1).groups).toEqual(['各镇街']);
  });

  it('1. tasks without any section heading', () => {
    const plan = parseNotice('2023年重点任务\n1.推进项目建设。（牵头单位：区发改局）\n2.加快招商引资。（牵头单位：区商务局）\n');
    expect(plan.sections.map((s) => s.title)).toEqual(['重点任务']);
    expect(plan.tasks).toHaveLength(2);
    expect(plan.warnings).toEqual([]);
  });

  it('numbering restarting in each section: no is still 1..n', () => {
    const plan = parseNotice('一、甲\n1.任务一。(牵头单位:区财政局)\n2.任务二。(牵头单位:区财政局)\n二、乙\n1.任务三。(牵头单位:区民政局)\n');
    expect(plan.tasks.map((t) => t.no)).toEqual([1, 2, 3]);
  });

  it('第一部分 sections', () => {
    const plan = parseNotice('第一部分 经济发展\n1.稳增长。(牵头单位:区发改局)\n第二部分 民生\n2.稳就业。(牵头单位:区人社局)\n');
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([
      ['一', '经济发展'],
      ['二', '民生'],
    ]);
  });

  it('sub-items (（1）（2）) on their own lines belong to the task above', () => {
    const plan = parseNotice('一、组织实施\n1.加强组织领导。\n（1）成立领导小组。\n（2）建立联席会议制度。\n牵头单位：区政府办公室\n');
    expect(plan.tasks).toHaveLength(1);
    expect(task(plan, 1).text).toBe('加强组织领导。（1）成立领导小组。（2）建立联席会议制度。');
    expect(task(plan, 1).lead).toEqual(['区政府办公室']);
  });

  it('the notice\'s own numbered requirements before the task list are not sections', () => {
    const plan = parseNotice(
      [
        '各镇街，区直各部门：',
        '现将任务分解印发给你们，并提出如下要求：',
        '一、高度重视，精心组织。各责任单位要逐项制订办理方案，明确工作目标、具体措施和完成时限。',
        '二、加强督办，狠抓落实。区政府督查室定期开展督查，对落实不力的予以通报。',
        '区人民政府办公室',
        '2024年1月10日',
        '一、主要目标',
        '1.地区生产总值增长6%。',
        '牵头单位：区发改局',
      ].join('\n'),
    );
    expect(plan.sections.map((s) => s.title)).toEqual(['主要目标']);
    expect(plan.tasks).toHaveLength(1);
    expect(plan.issuedOn).toBe('2024-01-10');
    expect(plan.warnings).toEqual([]);
  });
});

describe('unit clauses', () => {
  it('责任单位 only: the first leads, the rest take part', () => {
    const plan = parseNotice('一、部分\n1.任务。\n责任单位：区发改局、区财政局、区统计局\n');
    expect(units(task(plan, 1))).toEqual({ lead: ['区发展和改革局'], participating: ['区财政局', '区统计局'], groups: [] });
  });

  it('★ (☆, *) marks the lead among responsible units', () => {
    const plan = parseNotice(
      '一、部分\n1.任务一。\n责任单位：区发改局、区财政局★、各镇街\n2.任务二。\n责任单位：☆区商务局、区投资促进中心，区直有关部门\n3.任务三。（责任单位：区民政局、区卫健局*）\n',
    );
    expect(units(task(plan, 1))).toEqual({ lead: ['区财政局'], participating: ['区发展和改革局'], groups: ['各镇街'] });
    expect(units(task(plan, 2))).toEqual({ lead: ['区商务局'], participating: ['区投资促进服务中心'], groups: ['区直有关部门'] });
    expect(units(task(plan, 3))).toEqual({ lead: ['区卫生健康局'], participating: ['区民政局'], groups: [] });
  });

  it('a 牵头单位 label wins over ★ and makes 责任单位 participating', () => {
    const plan = parseNotice('一、部分\n1.任务。（牵头单位：区发改局；责任单位：区财政局★、区统计局）\n');
    expect(units(task(plan, 1))).toEqual({ lead: ['区发展和改革局'], participating: ['区财政局', '区统计局'], groups: [] });
  });

  it('（A牵头，B、C配合）, （A牵头）, （A、B分别牵头，各镇街按职责分工负责）', () => {
    const plan = parseNotice(
      [
        '一、营商环境',
        '1.优化审批服务，推进一网通办。（区政务服务局牵头，区发改局、区财政局配合）',
        '2.深化改革。（区发改局牵头）',
        '3.抓好落实（区发改局、区财政局分别牵头，各镇街按职责分工负责）。',
        '4.推进重点工程（二期）建设。（牵头单位：区住建局）',
        '5.完善机制（含“2+2+N”产业）。',
      ].join('\n'),
    );
    expect(units(task(plan, 1))).toEqual({ lead: ['区政务服务局'], participating: ['区发展和改革局', '区财政局'], groups: [] });
    expect(task(plan, 1).text).toBe('优化审批服务，推进一网通办。');
    expect(units(task(plan, 2))).toEqual({ lead: ['区发展和改革局'], participating: [], groups: [] });
    expect(units(task(plan, 3))).toEqual({ lead: ['区发展和改革局', '区财政局'], participating: [], groups: ['各镇街'] });
    expect(task(plan, 4).text).toBe('推进重点工程（二期）建设。');
    // A bracket that names no unit stays in the text.
    expect(task(plan, 5).text).toBe('完善机制（含“2+2+N”产业）。');
    expect(units(task(plan, 5))).toEqual({ lead: [], participating: [], groups: [] });
  });

  it('unit, leader and deadline lines with any of the labels', () => {
    const plan = parseNotice(
      [
        '一、部分',
        '1.推进园区建设。',
        '牵头责任单位：区发改局',
        '协办单位：区财政局；配合单位：区自然资源局',
        '责任区领导：张三、李四',
        '完成时限：2023年6月底前',
        '2.加快招商。',
        '牵头部门：区商务局',
        '分管领导：王五',
        '时间节点：第三季度',
        '3.优化服务。',
        '责任部门：区政务服务局',
        '牵头领导：赵六',
        '完成时间：长期坚持',
      ].join('\n'),
    );
    expect(task(plan, 1)).toMatchObject({
      lead: ['区发展和改革局'],
      participating: ['区财政局', '区自然资源局'],
      leaders: ['张三', '李四'],
      deadline: '2023-06-30',
      deadlineText: '2023年6月底前',
    });
    // No year anywhere: 第三季度 names no date.
    expect(task(plan, 2)).toMatchObject({ lead: ['区商务局'], leaders: ['王五'], deadline: null, deadlineText: '第三季度' });
    expect(task(plan, 3)).toMatchObject({ lead: ['区政务服务局'], leaders: ['赵六'], deadline: null, deadlineText: '长期坚持' });
  });

  it('labelled sentences at the end of the task, without brackets', () => {
    const plan = parseNotice('2023年重点任务\n一、部分\n1.加快推进项目建设。责任单位：区发改局、区财政局。完成时限：2023年6月底前。\n2.稳定就业。建立牵头单位联系制度。\n');
    expect(task(plan, 1)).toMatchObject({
      text: '加快推进项目建设。',
      lead: ['区发展和改革局'],
      participating: ['区财政局'],
      deadline: '2023-06-30',
    });
    expect(task(plan, 2)).toMatchObject({ text: '稳定就业。建立牵头单位联系制度。', lead: [] });
  });

  it('clauses wrapped by a PDF in the middle of a word or label', () => {
    const plan = parseNotice(
      [
        '一、主要目标',
        '1.社会消费品零售总额增长8.2%左右。（牵头单位：区商务局；配',
        '合单位：区发改委、区市场监管局）',
        '2.城乡居民收入增长与经济增长同步。',
        '（牵头单位：区人社局、区农业农村局；配合单位：区发改委，各乡镇',
        '人民政府、街道办事处，谯城经开区管委会）',
        '3.粮食产量稳定。',
      ].join('\n'),
    );
    expect(units(task(plan, 1))).toEqual({ lead: ['区商务局'], participating: ['区发改委', '区市场监督管理局'], groups: [] });
    expect(task(plan, 1).text).toBe('社会消费品零售总额增长8.2%左右。');
    expect(units(task(plan, 2))).toEqual({
      lead: ['区人力资源和社会保障局', '区农业农村局'],
      participating: ['区发改委', '谯城经开区管委会'],
      // 街道办事处 without a place name is all of them (各乡镇人民政府、街道办事处).
      groups: ['各乡镇人民政府', '街道办事处'],
    });
    expect(plan.tasks).toHaveLength(3);
    expect(plan.warnings).toEqual([]);
  });

  it('an inline clause with 责任领导 and 完成时限', () => {
    const plan = parseNotice('2023年重点任务\n一、部分\n1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局;完成时限:年底前)\n');
    expect(task(plan, 1)).toMatchObject({ lead: ['区发展和改革局'], leaders: ['杜新国'], deadline: '2023-12-31', text: '地区生产总值增长8%以上。' });
  });

  it('collective phrases are groups, as written, never units', () => {
    const phrases = [
      '各镇街',
      '各街道',
      '各镇（街道）',
      '各镇人民政府（街道办事处）',
      '区直各部门',
      '各有关单位',
      '各相关单位',
      '区直有关部门',
      '区政府有关部门',
      '全区经济运行各专班',
      '各园区',
      '相关乡镇办',
      '区疫情防控指挥部成员单位',
      '街道办事处',
    ];
    const plan = parseNotice(`一、部分\n1.任务。\n牵头单位：区发改局\n配合单位：${phrases.join('、')}\n`);
    expect(units(task(plan, 1))).toEqual({ lead: ['区发展和改革局'], participating: [], groups: phrases });
    for (const unit of ['区发改局', '区直机关工委', '区委组织部', '河东公安分局', '九曲街道', '郑旺镇', '九曲街道办事处', '区有关部门联络中心']) {
      expect(isCollectivePhrase(unit)).toBe(false);
    }
  });
});

describe('tables', () => {
  it('a Word table: title row, header, section rows, category column, merged cells carried down', () => {
    const plan = parseNotice(
      doc(
        { kind: 'paragraph', text: '**关于印发2023年重点任务的通知**', line: 1 },
        { kind: 'paragraph', text: '成文日期：2023-03-01', line: 2 },
        {
          kind: 'table',
          line: 3,
          rows: [
            ['2023年重点任务分解表', '', '', '', '', ''],
            ['序号', '领域', '工作任务', '牵头单位', '配合单位', '责任领导'],
            ['一、经济发展', '', '', '', '', ''],
            ['1', '工业', '推进技改', '区工信局', '区财政局', '张三'],
            ['2', '', '培育企业', '', '', ''],
            ['3', '农业', '建设高标准农田', '区农业农村局', '', '李四'],
            ['二、社会民生', '', '', '', '', ''],
            ['4', '教育', '新建学校', '区教体局', '各镇街', '王五'],
          ],
        },
      ),
    );
    expect(plan).toMatchObject({ title: '2023年重点任务', year: 2023, issuedOn: '2023-03-01' });
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([
      ['一', '经济发展'],
      ['二', '社会民生'],
    ]);
    expect(plan.tasks.map((t) => [t.title, t.lead, t.participating, t.leaders, t.headingPath, t.line])).toEqual([
      ['推进技改', ['区工业和信息化局'], ['区财政局'], ['张三'], ['工业'], 6],
      ['培育企业', ['区工业和信息化局'], ['区财政局'], ['张三'], ['工业'], 7],
      ['建设高标准农田', ['区农业农村局'], [], ['李四'], ['农业'], 8],
      ['新建学校', ['区教育和体育局'], [], ['王五'], ['教育'], 10],
    ]);
    expect(task(plan, 4).groups).toEqual(['各镇街']);
  });

  it('a category column without section rows makes the sections', () => {
    const plan = parseNotice(
      doc({
        kind: 'table',
        line: 1,
        rows: [
          ['2024年重点工作任务清单', '2024年重点工作任务清单', '2024年重点工作任务清单', '2024年重点工作任务清单'],
          ['类别', '重点工作', '责任单位（★为牵头单位）', '完成时限'],
          ['经济发展', '稳增长', '区统计局、区发改局★', '2024年6月底前'],
          ['', '扩投资', '区发改局', '持续推进'],
          ['社会民生', '稳就业', '区人社局、各街道', '年内'],
        ],
      }),
    );
    // The title row (one cell merged across, as Excel exports it) gives the title and the year.
    expect(plan).toMatchObject({ title: '2024年重点工作任务清单', year: 2024 });
    expect(plan.sections.map((s) => s.title)).toEqual(['经济发展', '社会民生']);
    expect(plan.tasks.map((t) => [t.sectionNo, t.lead, t.participating, t.groups, t.deadline])).toEqual([
      [1, ['区发展和改革局'], ['区统计局'], [], '2024-06-30'],
      [1, ['区发展和改革局'], [], [], null],
      [2, ['区人力资源和社会保障局'], [], ['各街道'], '2024-12-31'],
    ]);
    expect(task(plan, 2).deadlineText).toBe('持续推进');
  });

  it('a numbered category column (Excel: 一、… merged down the rows) makes the sections', () => {
    const plan = parseNotice(
      doc({
        kind: 'table',
        line: 1,
        rows: [
          ['类别', '序号', '重点工作任务', '主要责任单位', '协同配合单位'],
          ['一、主要预期目标', '1', '地区生产总值增长6.5%左右。', '区发改委', '区政府各部门，各乡镇人民政府、街道办事处'],
          ['', '2', '一般公共预算收入增长5%左右。', '区财政局\n区税务局', '区政府有关部门'],
          ['二、社会事业', '3', '持续推进学前教育普及普惠。', '区教育局', ''],
          ['', '4', '引进优质教育资源。', '', '区投资促进中心'],
        ],
      }),
    );
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([
      ['一', '主要预期目标'],
      ['二', '社会事业'],
    ]);
    expect(plan.tasks.map((t) => [t.sectionNo, t.lead, t.participating, t.groups, t.headingPath])).toEqual([
      [1, ['区发改委'], [], ['区政府各部门', '各乡镇人民政府', '街道办事处'], []],
      [1, ['区财政局', '区税务局'], [], ['区政府有关部门'], []],
      [2, ['区教育局'], [], [], []],
      [2, ['区教育局'], ['区投资促进服务中心'], [], []],
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('a table flattened one row per line, cells separated by tabs', () => {
    const plan = parseNotice(
      [
        '某区2023年民生实事任务清单',
        '序号\t工作任务\t牵头单位\t配合单位\t责任领导\t完成时限',
        '1\t新建学校3所\t区教育局\t区住建局、区财政局\t王五\t2023年12月31日',
        '2\t改造老旧小区10个\t区住建局\t\t\t第三季度',
        '\t增加停车位500个\t\t区交通局\t赵六\t年底前',
      ].join('\n'),
    );
    expect(plan).toMatchObject({ title: '某区2023年民生实事任务清单', year: 2023, kind: 'livelihood' });
    expect(plan.tasks.map((t) => [t.title, t.lead, t.participating, t.leaders, t.deadline, t.line])).toEqual([
      ['新建学校3所', ['区教育局'], ['区住房和城乡建设局', '区财政局'], ['王五'], '2023-12-31', 3],
      ['改造老旧小区10个', ['区住房和城乡建设局'], [], ['王五'], '2023-09-30', 4],
      // No 序号 and no 牵头单位: merged with the row above.
      ['增加停车位500个', ['区住房和城乡建设局'], ['区交通局'], ['赵六'], '2023-12-31', 5],
    ]);
  });

  it('a table flattened one row per line with | and section lines', () => {
    const plan = parseNotice(
      [
        '2024年重点任务',
        '| 序号 | 重点工作 | 责任单位 | 时间节点 |',
        '|---|---|---|---|',
        '一、经济发展',
        '| 1 | 推进项目 | 区发改局、各街道 | 2024年6月底前 |',
        '| 2 | 加快招商 | 区商务局 | 2024年第四季度 |',
        '二、社会民生',
        '| 3 | 办好教育 | 区教体局 | 年内 |',
      ].join('\n'),
    );
    expect(plan.sections.map((s) => s.title)).toEqual(['经济发展', '社会民生']);
    expect(plan.tasks.map((t) => [t.sectionNo, t.lead, t.groups, t.deadline])).toEqual([
      [1, ['区发展和改革局'], ['各街道'], '2024-06-30'],
      [1, ['区商务局'], [], '2024-12-31'],
      [2, ['区教育和体育局'], [], '2024-12-31'],
    ]);
  });

  it('a table flattened one row per line, cells separated by runs of spaces', () => {
    const plan = parseNotice('2024年重点任务\n序号  任务内容  牵头单位  配合单位\n1  推进项目  区发改局  区财政局\n2  加快招商  区商务局  区直各部门\n');
    expect(plan.tasks.map((t) => [t.title, t.lead, t.participating, t.groups])).toEqual([
      ['推进项目', ['区发展和改革局'], ['区财政局'], []],
      ['加快招商', ['区商务局'], [], ['区直各部门']],
    ]);
  });

  it('a table flattened one cell per line, rows separated by | lines', () => {
    const plan = parseNotice(
      ['|', '序号 |', '项目名称 |', '建设内容 |', '责任单位 |', '|', '1 |', '城北小学门前道路建设项目 |', '建成唐塔北路延伸段道路。 |', '住建局 |', '|', '2 |', '老旧小区改造项目 |', '实施三所老旧小区改造。 |', '住建局、各镇 |', '|'].join('\n'),
    );
    expect(plan.tasks.map((t) => [t.title, t.text, t.lead, t.groups])).toEqual([
      ['城北小学门前道路建设项目', '城北小学门前道路建设项目。建成唐塔北路延伸段道路。', ['住建局'], []],
      ['老旧小区改造项目', '老旧小区改造项目。实施三所老旧小区改造。', ['住建局'], ['各镇']],
    ]);
  });

  it('a notice whose own short 一、二、 precede the task table: they are not the table\'s sections', () => {
    const plan = parseNotice(
      ['各镇街：', '一、加强领导', '各单位要高度重视。', '二、强化督查', '督查室要定期督查。', '附件', '2024年重点任务清单', '序号\t工作任务\t牵头单位', '1\t稳增长\t区发改局'].join('\n'),
    );
    expect(plan.sections.map((s) => [s.numeral, s.title])).toEqual([['一', '重点任务']]);
    expect(plan.tasks.map((t) => [t.title, t.lead])).toEqual([['稳增长', ['区发展和改革局']]]);
    expect(plan).toMatchObject({ title: '2024年重点任务清单', year: 2024 });
    expect(plan.warnings).toEqual([]);
  });

  it('prose headings above tables are the sections of the tables', () => {
    const plan = parseNotice(
      doc(
        { kind: 'paragraph', text: '一、经济发展', line: 1 },
        { kind: 'table', line: 2, rows: [['序号', '工作任务', '牵头单位'], ['1', '稳增长', '区发改局']] },
        { kind: 'paragraph', text: '二、社会民生', line: 4 },
        { kind: 'table', line: 5, rows: [['序号', '工作任务', '牵头单位'], ['1', '稳就业', '区人社局']] },
      ),
    );
    expect(plan.sections.map((s) => s.title)).toEqual(['经济发展', '社会民生']);
    expect(plan.tasks.map((t) => [t.no, t.sectionNo, t.line])).toEqual([
      [1, 1, 3],
      [2, 2, 6],
    ]);
  });

  it('a table flattened one cell per line without |, with other columns (建设地点, 投资金额 in numbers)', () => {
    const plan = parseNotice(
      [
        '洋县2024年十大民生实事项目清单',
        ...['序号', '项目名称', '建设地点', '建设时间', '2024年建设内容', '年度投资金额 (万元)', '责任单位'],
        ...['1', '中小学幼儿园基础设施提升改造项目', '相关镇 (街道)', '2024', '对学校运动场地进行改造。', '300', '教体局'],
        ...['2', '城北小学门前道路建设项目', '纸坊街道', '2024', '建成唐塔北路延伸段道路。', '2', '住建局、交通局'],
        ...['3', '高标准农田建设项目', '谢村镇', '2024', '实施田块整治500亩。', '4930', '农业农村局'],
      ].join('\n'),
    );
    expect(plan).toMatchObject({ title: '洋县2024年十大民生实事项目清单', year: 2024, kind: 'livelihood' });
    expect(plan.tasks.map((t) => [t.title, t.text, t.lead, t.participating])).toEqual([
      ['中小学幼儿园基础设施提升改造项目', '中小学幼儿园基础设施提升改造项目。对学校运动场地进行改造。', ['教体局'], []],
      ['城北小学门前道路建设项目', '城北小学门前道路建设项目。建成唐塔北路延伸段道路。', ['住建局'], ['交通局']],
      ['高标准农田建设项目', '高标准农田建设项目。实施田块整治500亩。', ['农业农村局'], []],
    ]);
  });

  it('a two-row header (责任单位 over 牵头单位 | 配合单位), and a short first data row is data', () => {
    const plan = parseNotice(
      doc({
        kind: 'table',
        line: 1,
        rows: [
          ['序号', '工作任务', '责任单位', ''],
          ['', '', '牵头单位', '配合单位'],
          ['1', '推进项目', '区发改局', '区财政局'],
          ['2', '加快招商', '区商务局', ''],
        ],
      }),
    );
    expect(plan.tasks.map((t) => [t.title, t.lead, t.participating, t.line])).toEqual([
      ['推进项目', ['区发展和改革局'], ['区财政局'], 3],
      ['加快招商', ['区商务局'], [], 4],
    ]);
  });

  it('a Word table without a task header is read as text', () => {
    const plan = parseNotice(doc({ kind: 'table', line: 1, rows: [['一、部分'], ['1.任务。(牵头单位:区财政局)']] }));
    expect(plan.tasks.map((t) => t.lead)).toEqual([['区财政局']]);
  });

  it('a table row without task text is a warning', () => {
    const plan = parseNotice(
      doc({
        kind: 'table',
        line: 1,
        rows: [
          ['序号', '工作任务', '牵头单位'],
          ['1', '稳增长', '区发改局'],
          ['2', '', '区财政局'],
          ['', '', '区民政局'],
          ['4', '', ''],
        ],
      }),
    );
    expect(plan.tasks).toHaveLength(1);
    expect(plan.sections.map((s) => s.title)).toEqual(['重点任务']);
    expect(plan.warnings).toEqual([
      { line: 3, text: '2 |  | 区财政局', message: '表格行缺少任务内容，已忽略' },
      { line: 4, text: ' |  | 区民政局', message: '表格行缺少任务内容，已忽略' },
    ]);
  });
});

describe('header', () => {
  it('a title over two lines, without 文号: title and year from the joined title', () => {
    const plan = parseNotice('某县人民政府办公室关于印发《某县2023年重点工作\n任务分解方案》的通知\n各乡镇：\n一、经济\n1.稳增长。(牵头单位:县发改局)\n');
    expect(plan).toMatchObject({ code: null, title: '某县2023年重点工作任务分解方案', year: 2023 });
  });

  it('the year from 成文日期 when code and title name none', () => {
    const plan = parseNotice('关于印发重点工作任务分解方案的通知\n成文日期：2024-02-05\n一、经济\n1.稳增长。(牵头单位:县发改局)\n');
    expect(plan).toMatchObject({ title: '重点工作任务分解方案', year: 2024, issuedOn: '2024-02-05' });
  });

  it('nothing to read: code, title and year are null, and no error', () => {
    const plan = parseNotice('一、经济\n1.稳增长。(牵头单位:县发改局)\n');
    expect(plan).toMatchObject({ code: null, title: null, year: null, issuedOn: null, kind: 'key_tasks' });
  });

  it.each([
    ['关于印发2024年《政府工作报告》重点任务分解方案的通知', 'work_report'],
    ['关于印发2024年民生实事项目责任分解的通知', 'livelihood'],
    ['关于印发区政府第5次常务会议议定事项分解的通知', 'meeting'],
    ['关于印发2024年区领导交办事项清单的通知', 'leader_assigned'],
    ['关于印发2024年重点工作任务的通知', 'key_tasks'],
  ] as const)('kind of %s: %s', (title, kind) => {
    expect(parseNotice(`${title}\n一、经济\n1.稳增长。(牵头单位:县发改局)\n`).kind).toBe(kind);
  });

  it('bold markers and invisible characters are not text', () => {
    const plan = parseNotice(doc({ kind: 'paragraph', text: '**一、经济**', line: 1 }, { kind: 'paragraph', text: '\u200b1.稳增长。\u202e(牵头单位:县发改局)', line: 2 }));
    expect(plan.sections[0]?.title).toBe('经济');
    expect(task(plan, 1)).toMatchObject({ text: '稳增长。', lead: ['县发改局'] });
  });

  it('no task at all is a NoticeParseError', () => {
    expect(() => parseNotice('关于印发某某工作的通知\n一、总体要求\n请认真贯彻落实。\n')).toThrow(NoticeParseError);
    expect(() => parseNotice(doc({ kind: 'table', line: 1, rows: [['序号', '工作任务', '牵头单位']] }))).toThrow(NoticeParseError);
  });
});

describe('deadlines', () => {
  it.each([
    ['2023年6月底前', null, '2023-06-30'],
    ['6月底', 2023, '2023-06-30'],
    ['6月底前完成', null, null],
    ['2023年12月31日', null, '2023-12-31'],
    ['12月31日前', 2024, '2024-12-31'],
    ['2023-09-30', null, '2023-09-30'],
    ['第三季度', 2023, '2023-09-30'],
    ['三季度末', 2023, '2023-09-30'],
    ['一季度', 2024, '2024-03-31'],
    ['上半年', 2023, '2023-06-30'],
    ['年底前', 2023, '2023-12-31'],
    ['年内', 2023, '2023-12-31'],
    ['全年', 2025, '2025-12-31'],
    ['2023年底', null, '2023-12-31'],
    ['六月底前', 2023, '2023-06-30'],
    ['2月底', 2024, '2024-02-29'],
    ['6月中旬', 2023, '2023-06-20'],
    ['6月底前完成设计，12月底前完工', 2023, '2023-12-31'],
    ['长期坚持', 2023, null],
    ['持续推进', 2023, null],
    ['每月25日前报送', 2023, null],
    ['2023年13月', null, null],
  ] as const)('%s (plan year %s) → %s', (text, year, expected) => {
    expect(parseDeadline(text, year)).toBe(expected);
  });
});
