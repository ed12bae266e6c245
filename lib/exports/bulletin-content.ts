import { chineseDateText, percentText, type Bulletin } from './bulletin';

/**
 * The words of the bulletin: numbered sections of paragraphs and tables, built once from the model
 * and rendered by the print page (HTML) and the .docx writer alike, so the two never drift apart.
 */

export type BulletinTable = {
  /** Stable id for tests and screen readers. */
  id: string;
  caption: string;
  headers: string[];
  /** Relative column widths (sum ≈ 100). */
  widths: number[];
  /** Column alignment: figures centred, text left. */
  align: ('left' | 'center')[];
  rows: string[][];
  /** Shown instead of an empty table. */
  empty: string;
};
export type BulletinBlock = { type: 'para'; text: string } | { type: 'table'; table: BulletinTable };
export type BulletinSection = { id: string; numeral: string; title: string; blocks: BulletinBlock[] };
export type BulletinContent = {
  titleLines: string[];
  issueLine: string;
  issuer: string;
  dateLine: string;
  sections: BulletinSection[];
  closing: string[];
};

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

type Column = [header: string, width: number, align: 'left' | 'center'];

/** Columns of figures: a tenth of the width each, centred. */
const figures = (...headers: string[]): Column[] => headers.map((h) => [h, 10, 'center']);

const para = (text: string): BulletinBlock => ({ type: 'para', text });

function table(id: string, caption: string, columns: Column[], rows: string[][], empty = ''): BulletinBlock {
  return { type: 'table', table: { id, caption, headers: columns.map((c) => c[0]), widths: columns.map((c) => c[1]), align: columns.map((c) => c[2]), rows, empty } };
}

export function bulletinContent(b: Bulletin): BulletinContent {
  const s = b.summary;
  const asOf = chineseDateText(b.asOf);
  const several = b.lists.length > 1;
  const scopeText = several ? `本月纳入调度的${b.listsText} ${b.lists.length} 个清单` : b.listsText;
  const scoreNote = b.ranking.locked ? '考核得分已锁定。' : `考核得分为截至${asOf}的计算结果，以锁定后的结果为准。`;

  const overview: BulletinBlock[] = [
    para(
      `截至${asOf}，${scopeText}共 ${s.tasks} 项任务（其中 ${s.tasksWithLead} 项明确了牵头单位）。` +
        `${b.period.label}应报送牵头单位月度进展 ${s.leadDue} 份，已报送 ${s.leadSubmitted} 份，其中按时报送 ${s.leadOnTime} 份、` +
        `审核通过 ${s.leadApproved} 份、待审核 ${s.leadPendingReview} 份、退回 ${s.leadReturned} 份，尚未报送 ${s.leadMissing} 份，` +
        `牵头单位按时报送率 ${percentText(s.leadOnTimeRate)}；应报送参与单位协办情况 ${s.partsDue} 份，已报送 ${s.partsSent} 份（按时 ${s.partsOnTime} 份）。` +
        `报送总体按时率 ${percentText(s.onTimeRate)}。`,
    ),
    table(
      'summary',
      '报送情况',
      [['项目', 20, 'left'], ...figures('应报', '已报送', '按时', '审核通过', '待审核', '退回', '未报送', '按时率')],
      [
        ['牵头单位月度进展', ...[s.leadDue, s.leadSubmitted, s.leadOnTime, s.leadApproved, s.leadPendingReview, s.leadReturned, s.leadMissing].map(String), percentText(s.leadOnTimeRate)],
        ['参与单位协办情况', String(s.partsDue), String(s.partsSent), String(s.partsOnTime), '—', '—', '—', String(s.partsDue - s.partsSent), percentText(s.partsDue ? s.partsOnTime / s.partsDue : null)],
      ],
    ),
    // Several lists: each list's own figures (a quarterly list only in March, June, September, December).
    ...(several
      ? [
          table(
            'lists',
            '各清单报送情况',
            [['清单', 20, 'left'], ...figures('任务数', '牵头应报', '已报送', '按时', '未报送', '协办应报', '协办已报', '按时率')],
            b.lists.map((l) => [
              l.name,
              ...[l.summary.tasks, l.summary.leadDue, l.summary.leadSubmitted, l.summary.leadOnTime, l.summary.leadMissing, l.summary.partsDue, l.summary.partsSent].map(String),
              percentText(l.summary.onTimeRate),
            ]),
          ),
        ]
      : []),
    para(
      `预警情况（按任务计）：报送预警红灯 ${s.signals.late.red} 项、黄灯 ${s.signals.late.yellow} 项；进度预警红灯 ${s.signals.pace.red} 项、黄灯 ${s.signals.pace.yellow} 项；` +
        `指标预警红灯 ${s.signals.target.red} 项、黄灯 ${s.signals.target.yellow} 项；督查室人工亮红灯 ${s.signals.flag.red} 项、黄灯 ${s.signals.flag.yellow} 项。`,
    ),
    table(
      'signals',
      '预警情况',
      [['预警类别', 40, 'left'], ['红灯（项）', 30, 'center'], ['黄灯（项）', 30, 'center']],
      (
        [
          ['报送预警', s.signals.late],
          ['进度预警', s.signals.pace],
          ['指标预警', s.signals.target],
          ['督查亮灯', s.signals.flag],
        ] as const
      ).map(([label, n]) => [label, String(n.red), String(n.yellow)]),
    ),
  ];

  const commended: BulletinBlock[] = [
    para(
      b.commended.length
        ? `根据${b.period.label}考核结果${several ? '（各清单按权重综合）' : ''}，以下 ${b.commended.length} 个单位按时报送、推进有力，成效明显，予以通报表扬。${scoreNote}`
        : `${b.period.label}暂无通报表扬单位。`,
    ),
    table(
      'commended',
      '通报表扬单位',
      [['名次', 15, 'center'], ['单位', 60, 'left'], ['考核得分', 25, 'center']],
      b.commended.map((u) => [String(u.rank ?? '—'), u.unitName, u.total === null ? '—' : String(u.total)]),
      '暂无',
    ),
  ];

  const lagging: BulletinBlock[] = [
    para(
      b.lagging.length
        ? `以下 ${b.lagging.length} 个单位考核得分靠后或牵头任务月度进展逾期未报送，工作相对滞后，请认真分析原因，切实加快推进。`
        : `${b.period.label}暂无工作滞后单位。`,
    ),
    table(
      'lagging',
      '工作滞后单位',
      [['单位', 30, 'left'], ['考核得分', 12, 'center'], ['名次', 10, 'center'], ['主要问题', 48, 'left']],
      b.lagging.map((u) => [u.unitName, u.total === null ? '—' : String(u.total), u.rank === null ? '—' : String(u.rank), u.reasons.join('；')]),
      '暂无',
    ),
  ];

  const overdue: BulletinBlock[] = [
    para(
      b.overdue.length
        ? `截至${chineseDateText(b.issuedOn)}，共有逾期或待重报事项 ${b.overdue.length} 项，清单如下，请有关单位立即办理。`
        : `截至${chineseDateText(b.issuedOn)}，无逾期事项。`,
    ),
    table(
      'overdue',
      '逾期事项清单',
      [['序号', 7, 'center'], ['类别', 17, 'left'], ['任务', 24, 'left'], ['责任单位', 17, 'left'], ['应完成日期', 12, 'center'], ['逾期天数', 9, 'center'], ['说明', 14, 'left']],
      b.overdue.map((o, i) => [String(i + 1), o.kindLabel, `${o.taskRef}. ${o.taskTitle}`, o.unitName, o.dueDate, o.daysOverdue > 0 ? String(o.daysOverdue) : '未逾期', o.note]),
      '无',
    ),
  ];

  const notices: BulletinBlock[] = [
    para(b.notices.length ? `${b.period.label}共下发督办单 ${b.notices.length} 份。` : `${b.period.label}未下发督办单。`),
    table(
      'notices',
      '本月下发督办单',
      [['编号', 18, 'left'], ['级别', 11, 'center'], ['任务', 22, 'left'], ['责任单位', 19, 'left'], ['下发日期', 10, 'center'], ['办理时限', 10, 'center'], ['办理情况', 10, 'center']],
      b.notices.map((n) => [n.no, n.levelLabel, `${n.taskRef}. ${n.taskTitle}`, n.units.join('、'), n.issuedOn, n.dueDate, n.statusLabel]),
      '无',
    ),
  ];

  const requirements: BulletinBlock[] = [
    para('（一）各责任单位要对照逾期事项清单，逐项明确责任人和完成时限，尚未报送的请于 3 个工作日内补报，退回的材料请按审核意见修改后重新报送。'),
    para('（二）牵头单位要加强与参与单位的沟通协调，及时汇总协办情况，如实反映工作进展、指标完成情况和存在的问题。'),
    para('（三）亮红灯、黄灯的任务，责任单位要认真分析原因，制定整改措施，区政府督查室将持续跟踪督办。'),
  ];

  const parts: [string, string, BulletinBlock[]][] = [
    ['overview', '总体情况', overview],
    ['commended', '通报表扬', commended],
    ['lagging', '工作滞后单位', lagging],
    ['overdue', '逾期事项', overdue],
    ['notices', '督办单下发情况', notices],
    ['requirements', '下步工作要求', requirements],
  ];
  return {
    titleLines: [b.title, b.subtitle],
    issueLine: b.issue.label,
    issuer: b.issuer,
    dateLine: chineseDateText(b.issuedOn),
    sections: parts.map(([id, title, blocks], i) => ({ id, numeral: NUMERALS[i]!, title, blocks })),
    closing: [b.issuer, chineseDateText(b.issuedOn)],
  };
}
