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

export function bulletinContent(b: Bulletin): BulletinContent {
  const s = b.summary;
  const asOf = chineseDateText(b.asOf);
  const several = b.lists.length > 1;
  const scopeText = several ? `本月纳入调度的${b.listsText} ${b.lists.length} 个清单` : b.listsText;
  const scoreNote = b.ranking.locked ? '考核得分已锁定。' : `考核得分为截至${asOf}的计算结果，以锁定后的结果为准。`;

  const overview: BulletinBlock[] = [
    {
      type: 'para',
      text:
        `截至${asOf}，${scopeText}共 ${s.tasks} 项任务（其中 ${s.tasksWithLead} 项明确了牵头单位）。` +
        `${b.period.label}应报送牵头单位月度进展 ${s.leadDue} 份，已报送 ${s.leadSubmitted} 份，其中按时报送 ${s.leadOnTime} 份、` +
        `审核通过 ${s.leadApproved} 份、待审核 ${s.leadPendingReview} 份、退回 ${s.leadReturned} 份，尚未报送 ${s.leadMissing} 份，` +
        `牵头单位按时报送率 ${percentText(s.leadOnTimeRate)}；应报送参与单位协办情况 ${s.partsDue} 份，已报送 ${s.partsSent} 份（按时 ${s.partsOnTime} 份）。` +
        `报送总体按时率 ${percentText(s.onTimeRate)}。`,
    },
    {
      type: 'table',
      table: {
        id: 'summary',
        caption: '报送情况',
        headers: ['项目', '应报', '已报送', '按时', '审核通过', '待审核', '退回', '未报送', '按时率'],
        widths: [20, 10, 10, 10, 10, 10, 10, 10, 10],
        align: ['left', 'center', 'center', 'center', 'center', 'center', 'center', 'center', 'center'],
        rows: [
          ['牵头单位月度进展', ...[s.leadDue, s.leadSubmitted, s.leadOnTime, s.leadApproved, s.leadPendingReview, s.leadReturned, s.leadMissing].map(String), percentText(s.leadOnTimeRate)],
          ['参与单位协办情况', String(s.partsDue), String(s.partsSent), String(s.partsOnTime), '—', '—', '—', String(s.partsDue - s.partsSent), percentText(s.partsDue ? s.partsOnTime / s.partsDue : null)],
        ],
        empty: '',
      },
    },
    // Several lists: each list's own figures (a quarterly list only in March, June, September, December).
    ...(several
      ? [
          {
            type: 'table' as const,
            table: {
              id: 'lists',
              caption: '各清单报送情况',
              headers: ['清单', '任务数', '牵头应报', '已报送', '按时', '未报送', '协办应报', '协办已报', '按时率'],
              widths: [20, 10, 10, 10, 10, 10, 10, 10, 10],
              align: ['left', 'center', 'center', 'center', 'center', 'center', 'center', 'center', 'center'] as ('left' | 'center')[],
              rows: b.lists.map((l) => [
                l.name,
                ...[l.summary.tasks, l.summary.leadDue, l.summary.leadSubmitted, l.summary.leadOnTime, l.summary.leadMissing, l.summary.partsDue, l.summary.partsSent].map(String),
                percentText(l.summary.onTimeRate),
              ]),
              empty: '',
            },
          },
        ]
      : []),
    {
      type: 'para',
      text:
        `预警情况（按任务计）：报送预警红灯 ${s.signals.late.red} 项、黄灯 ${s.signals.late.yellow} 项；进度预警红灯 ${s.signals.pace.red} 项、黄灯 ${s.signals.pace.yellow} 项；` +
        `指标预警红灯 ${s.signals.target.red} 项、黄灯 ${s.signals.target.yellow} 项；督查室人工亮红灯 ${s.signals.flag.red} 项、黄灯 ${s.signals.flag.yellow} 项。`,
    },
    {
      type: 'table',
      table: {
        id: 'signals',
        caption: '预警情况',
        headers: ['预警类别', '红灯（项）', '黄灯（项）'],
        widths: [40, 30, 30],
        align: ['left', 'center', 'center'],
        rows: [
          ['报送预警', String(s.signals.late.red), String(s.signals.late.yellow)],
          ['进度预警', String(s.signals.pace.red), String(s.signals.pace.yellow)],
          ['指标预警', String(s.signals.target.red), String(s.signals.target.yellow)],
          ['督查亮灯', String(s.signals.flag.red), String(s.signals.flag.yellow)],
        ],
        empty: '',
      },
    },
  ];

  const commended: BulletinBlock[] = [
    {
      type: 'para',
      text: b.commended.length
        ? `根据${b.period.label}考核结果${several ? '（各清单按权重综合）' : ''}，以下 ${b.commended.length} 个单位按时报送、推进有力，成效明显，予以通报表扬。${scoreNote}`
        : `${b.period.label}暂无通报表扬单位。`,
    },
    {
      type: 'table',
      table: {
        id: 'commended',
        caption: '通报表扬单位',
        headers: ['名次', '单位', '考核得分'],
        widths: [15, 60, 25],
        align: ['center', 'left', 'center'],
        rows: b.commended.map((u) => [String(u.rank ?? '—'), u.unitName, u.total === null ? '—' : String(u.total)]),
        empty: '暂无',
      },
    },
  ];

  const lagging: BulletinBlock[] = [
    {
      type: 'para',
      text: b.lagging.length
        ? `以下 ${b.lagging.length} 个单位考核得分靠后或牵头任务月度进展逾期未报送，工作相对滞后，请认真分析原因，切实加快推进。`
        : `${b.period.label}暂无工作滞后单位。`,
    },
    {
      type: 'table',
      table: {
        id: 'lagging',
        caption: '工作滞后单位',
        headers: ['单位', '考核得分', '名次', '主要问题'],
        widths: [30, 12, 10, 48],
        align: ['left', 'center', 'center', 'left'],
        rows: b.lagging.map((u) => [u.unitName, u.total === null ? '—' : String(u.total), u.rank === null ? '—' : String(u.rank), u.reasons.join('；')]),
        empty: '暂无',
      },
    },
  ];

  const overdue: BulletinBlock[] = [
    {
      type: 'para',
      text: b.overdue.length
        ? `截至${chineseDateText(b.issuedOn)}，共有逾期或待重报事项 ${b.overdue.length} 项，清单如下，请有关单位立即办理。`
        : `截至${chineseDateText(b.issuedOn)}，无逾期事项。`,
    },
    {
      type: 'table',
      table: {
        id: 'overdue',
        caption: '逾期事项清单',
        headers: ['序号', '类别', '任务', '责任单位', '应完成日期', '逾期天数', '说明'],
        widths: [7, 17, 24, 17, 12, 9, 14],
        align: ['center', 'left', 'left', 'left', 'center', 'center', 'left'],
        rows: b.overdue.map((o, i) => [
          String(i + 1),
          o.kindLabel,
          `${o.taskRef}. ${o.taskTitle}`,
          o.unitName,
          o.dueDate,
          o.daysOverdue > 0 ? String(o.daysOverdue) : '未逾期',
          o.note,
        ]),
        empty: '无',
      },
    },
  ];

  const notices: BulletinBlock[] = [
    {
      type: 'para',
      text: b.notices.length ? `${b.period.label}共下发督办单 ${b.notices.length} 份。` : `${b.period.label}未下发督办单。`,
    },
    {
      type: 'table',
      table: {
        id: 'notices',
        caption: '本月下发督办单',
        headers: ['编号', '级别', '任务', '责任单位', '下发日期', '办理时限', '办理情况'],
        widths: [18, 11, 22, 19, 10, 10, 10],
        align: ['left', 'center', 'left', 'left', 'center', 'center', 'center'],
        rows: b.notices.map((n) => [n.no, n.levelLabel, `${n.taskRef}. ${n.taskTitle}`, n.units.join('、'), n.issuedOn, n.dueDate, n.statusLabel]),
        empty: '无',
      },
    },
  ];

  const requirements: BulletinBlock[] = [
    { type: 'para', text: '（一）各责任单位要对照逾期事项清单，逐项明确责任人和完成时限，尚未报送的请于 3 个工作日内补报，退回的材料请按审核意见修改后重新报送。' },
    { type: 'para', text: '（二）牵头单位要加强与参与单位的沟通协调，及时汇总协办情况，如实反映工作进展、指标完成情况和存在的问题。' },
    { type: 'para', text: '（三）亮红灯、黄灯的任务，责任单位要认真分析原因，制定整改措施，区政府督查室将持续跟踪督办。' },
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
