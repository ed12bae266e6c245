/**
 * Suggested responsible units (牵头/参与单位) for a task whose source names none, e.g. a task of the
 * government work report breakdown: the office assigns units, and the import preview marks these
 * as suggestions.
 *
 * Pure function, no database: a keyword → unit table for a Chinese district government. Unit names
 * are the ones 临东政办字〔2023〕19号 uses (so they exist in the district); a row may name the
 * unit's other usual names (区水利局 / 区水务局), and the first one among the district's known units
 * is suggested. Only names in `knownUnits` are ever returned (as written there).
 *
 * Scoring: a unit's hits are the keyword occurrences in the task text (a row's keywords are matched
 * longest first and without overlap; a row may list phrases whose words do not count, e.g. 营商环境
 * for 环境); an occurrence in the task's first sentence (its title, which names what the task is
 * about) counts twice. The unit with the most hits leads (ties: table order), the next up to three
 * participate.
 * A row marked `leads: false` (区统计局) only ever participates.
 */
import { canonicalUnitName } from '@/lib/units/normalize-unit-name';

export type UnitSuggestion = { name: string; reason: string };
export type UnitSuggestions = { lead: UnitSuggestion[]; participating: UnitSuggestion[] };

export type UnitKeywordRule = {
  /** The unit's names, preferred first (the district's name in 临东政办字〔2023〕19号 when it has one). */
  units: readonly string[];
  keywords: readonly string[];
  /** Phrases in which the keywords do not count (营商环境 is not about 环境). */
  excludes?: readonly string[];
  /** false: the unit is suggested as participating only. */
  leads?: boolean;
};

export const MAX_PARTICIPATING = 3;
/** A keyword in the task's title counts this many times. */
const TITLE_WEIGHT = 2;
/** Words named in a reason (the rest are summed up as 等). */
const REASON_MAX_WORDS = 6;

export const UNIT_KEYWORD_TABLE: readonly UnitKeywordRule[] = [
  {
    units: ['区工业和信息化局'],
    keywords: [
      '工业', '制造业', '技改', '技术改造', '专精特新', '小升规', '规上企业', '规模以上', '产业链', '产业集群',
      '产业园', '园区', '开发区', '经开区', '五金', '光伏', '医疗器械', '生物医药', '预制菜', '冻干食品',
      '食品产业', '新能源产业', '企业梯次培育', '信息化', '5G', '数字经济', '智能制造', '绿色制造',
    ],
  },
  {
    units: ['区投资促进服务中心', '区投资促进中心'],
    keywords: ['招商', '招引', '项目引进', '引进', '500强', '头部企业', '央企', '市外资金', '签约'],
  },
  {
    units: ['区发展和改革局'],
    keywords: [
      '项目建设', '重点项目', '重大项目', '固定资产投资', '投资', '专项债', '地区生产总值', '经济增长', '主要指标',
      '约束性指标', '新旧动能', '改革试点', '重点领域改革', '节能', '能耗', '能源', '共同富裕', '区域协作',
      '总部', '楼宇', '商务区', '服务业', '项目融资', '政策性开发性金融',
    ],
  },
  {
    units: ['区财政局'],
    keywords: ['财政', '预算收入', '预算', '税收', '民生支出', '专项债', '政府债务', '国企', '国有资本', '一般性支出'],
  },
  { units: ['区税务局', '国家税务总局临沂市河东区税务局'], keywords: ['税收', '税务', '预算收入'] },
  {
    units: ['区商务局'],
    keywords: [
      '消费', '商贸', '外贸', '外资', '进出口', '出口', '进口', '零售', '电商', '跨境', '会展', '百展计划',
      '对外开放', '开放', '内需', '物流',
    ],
  },
  { units: ['区商城管委会'], keywords: ['商城', '商贸物流', '物流', '仓储', '市场突破', '电商', '地产品'] },
  {
    units: ['区农业农村局'],
    keywords: [
      '农业', '农田', '粮食', '乡村振兴', '乡村', '农村', '农民', '耕地', '托管', '合作社', '人居环境', '改厕',
      '脱贫', '四雁工程', '水稻', '涉农', '农产品', '村集体',
    ],
  },
  {
    units: ['区住房和城乡建设局'],
    keywords: [
      '城市更新', '片区', '住房', '老旧小区', '房地产', '保交楼', '物业', '供热', '供水', '雨污分流', '燃气',
      '建筑业', '建筑产业', '装配式建筑', '绿色建筑', '征收拆迁', '断头路', '道路', '危房改造', '清洁取暖',
      '城镇', '四供两排', '适老化',
    ],
  },
  { units: ['区自然资源局'], keywords: ['自然资源', '国土空间', '土地', '耕地', '用地', '空间布局', '城市空间', '矿产'] },
  {
    units: ['区教育和体育局'],
    keywords: ['教育', '学校', '教师', '师德', '立德树人', '体育', '全民健身', '职业教育'],
  },
  {
    units: ['区卫生健康局'],
    keywords: ['医疗', '医院', '卫生', '健康', '疫情', '公共卫生', '医养', '医药'],
    excludes: ['医疗器械', '生物医药', '医疗保障'],
  },
  {
    units: ['区人力资源和社会保障局'],
    keywords: ['就业', '社保', '社会保险', '社会保障', '欠薪', '劳动者', '创业', '技师', '职业技能', '人力资源', '富民增收'],
  },
  { units: ['区应急管理局'], keywords: ['安全生产', '安全发展', '应急', '安全隐患', '隐患', '防灾', '减灾', '消防'] },
  {
    units: ['河东生态环境分局', '区生态环境局'],
    keywords: ['生态', '环境', '空气', '水质', '污染', '治污', '大气', '黑臭水体', '四减四增', '环保'],
    excludes: ['营商环境', '人居环境', '发展环境', '生态城', '生态优势'],
  },
  {
    units: ['区科学技术局'],
    keywords: [
      '科技', '创新', '高新技术', '研发', '创新平台', '技术合同', '实验室', '科技型中小企业', '产学研', '知识产权',
    ],
  },
  {
    units: ['区行政审批服务局'],
    keywords: ['政务服务', '放管服', '审批', '一次办成', '网办', '在线办理', '手续办理', '营商环境'],
  },
  { units: ['区大数据局'], keywords: ['大数据', '数字政府', '数字赋能', '数字化', '政务信息', '信息系统'] },
  {
    units: ['区文化和旅游局'],
    keywords: ['文化', '旅游', '文旅', '度假区', '夜间', '古城', '阅读', '书房', '非遗', '景区'],
  },
  { units: ['区文化旅游发展促进中心'], keywords: ['旅游', '文旅', '度假区'] },
  {
    units: ['区民政局'],
    keywords: ['民政', '养老', '社会救助', '低保', '兜底', '困难人群', '殡葬'],
  },
  {
    units: ['河东交通运输分局', '区交通运输局'],
    keywords: ['交通', '公路', '四好农村路', '危桥', '高速', '快速路', '机场', '高铁', 'G206', 'G518'],
  },
  { units: ['河东区公路中心', '区公路中心'], keywords: ['公路', '四好农村路', '危桥', 'G206', 'G518'] },
  {
    units: ['区水利局', '区水务局'],
    keywords: ['水利', '水务', '水资源', '供水', '河道', '水库', '防汛', '坑塘'],
  },
  {
    units: ['区市场监督管理局'],
    keywords: ['市场监管', '食品药品', '食品安全', '药品', '市场主体', '知识产权', '特种设备', '失信', '守信'],
  },
  {
    units: ['区地方金融监督管理局'],
    keywords: ['金融', '上市', '资本市场', '融资', '非法集资'],
  },
  { units: ['区统计局'], keywords: ['统计', '地区生产总值', '主要指标', '增幅'], leads: false },
  {
    units: ['区综合行政执法局'],
    keywords: ['城市管理', '精细化管理', '垃圾', '违法建筑', '拆违', '违建', '打违治违', '综合执法', '园林', '口袋公园'],
  },
  { units: ['区林业发展中心'], keywords: ['林业', '绿化', '增绿', '造林', '森林', '湿地'] },
  { units: ['河东公安分局'], keywords: ['公安', '治安', '扫黑除恶', '违法犯罪', '雪亮工程', '电信诈骗'] },
  { units: ['区司法局'], keywords: ['法治', '普法', '法律顾问', '行政复议', '行政执法', '公证', '法律服务'] },
  { units: ['区委宣传部'], keywords: ['宣传', '文明城市', '文明实践', '意识形态', '精神文明'] },
  { units: ['区退役军人事务局'], keywords: ['退役军人', '双拥', '拥军'] },
  { units: ['区医疗保障局'], keywords: ['医保', '医疗保障'] },
  { units: ['区信访局'], keywords: ['信访'] },
  { units: ['区委政法委'], keywords: ['社会治理', '网格化', '综治中心', '矛盾纠纷', '平安建设'] },
  { units: ['区委组织部'], keywords: ['人才'] },
  { units: ['区工商联'], keywords: ['民营经济', '商会', '企业家'] },
  { units: ['区供销社'], keywords: ['供销'] },
  { units: ['区政府办公室'], keywords: ['政务公开', '建议提案', '人大建议', '政协提案'] },
];

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type CompiledRule = { rule: UnitKeywordRule; order: number; re: RegExp; excludeRe: RegExp | null };

const COMPILED: readonly CompiledRule[] = UNIT_KEYWORD_TABLE.map((rule, order) => {
  const alt = (words: readonly string[]) =>
    [...words].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  return {
    rule,
    order,
    re: new RegExp(alt(rule.keywords), 'gu'),
    excludeRe: rule.excludes && rule.excludes.length > 0 ? new RegExp(alt(rule.excludes), 'gu') : null,
  };
});

type Candidate = { name: string; hits: number; words: string[]; order: number; leads: boolean };

function reasonOf(words: readonly string[]): string {
  const shown = words.slice(0, REASON_MAX_WORDS).map((w) => `“${w}”`).join('');
  return `任务中有${shown}${words.length > REASON_MAX_WORDS ? '等' : ''}`;
}

/**
 * Suggest a lead unit and up to three participating units for a task text, among `knownUnits`
 * (the district's units; compared after normalisation and alias resolution).
 */
export function suggestUnits(taskText: string, knownUnits: readonly string[]): UnitSuggestions {
  const known = new Map<string, string>();
  for (const u of knownUnits) {
    const key = canonicalUnitName(u);
    if (key !== '' && !known.has(key)) known.set(key, u);
  }
  const text = taskText;
  const terminal = text.search(/[。！？!?；;]/u);
  const titleEnd = terminal < 0 ? text.length : terminal;
  const byName = new Map<string, Candidate>();
  if (text !== '') {
    for (const { rule, order, re, excludeRe } of COMPILED) {
      const name = rule.units.map((u) => known.get(canonicalUnitName(u))).find((n) => n !== undefined);
      if (name === undefined) continue;
      const scanned = excludeRe ? text.replace(excludeRe, (m) => '\u0000'.repeat(m.length)) : text;
      const words: string[] = [];
      let hits = 0;
      for (const m of scanned.matchAll(re)) {
        hits += m.index < titleEnd ? TITLE_WEIGHT : 1;
        if (!words.includes(m[0])) words.push(m[0]);
      }
      if (hits === 0) continue;
      const prev = byName.get(name);
      if (prev) {
        prev.hits += hits;
        for (const w of words) if (!prev.words.includes(w)) prev.words.push(w);
        prev.leads ||= rule.leads !== false;
      } else byName.set(name, { name, hits, words, order, leads: rule.leads !== false });
    }
  }
  const ranked = [...byName.values()].sort((a, b) => b.hits - a.hits || a.order - b.order);
  const lead = ranked.find((c) => c.leads);
  const participating = ranked.filter((c) => c !== lead).slice(0, MAX_PARTICIPATING);
  return {
    lead: lead ? [{ name: lead.name, reason: reasonOf(lead.words) }] : [],
    participating: participating.map((c) => ({ name: c.name, reason: reasonOf(c.words) })),
  };
}
