/**
 * Closest known units to a name the importer does not know, for the office to map it onto:
 * aliases first, then common abbreviations (发改局/发改委 ↔ 发展和改革局), then edit distance.
 * Pure function, no database.
 */
import { distance } from 'fastest-levenshtein';
import { normalizeUnitName } from './normalize-unit-name';

export type KnownUnit = { id: number; name: string; aliases: readonly string[] };
export type UnitCandidate = { id: number; name: string; reason: string; score: number };

/** Short forms as notices write them → the words of full names. */
const ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['发改', '发展和改革'],
  ['发展改革', '发展和改革'],
  ['工信', '工业和信息化'],
  ['住建', '住房和城乡建设'],
  ['住房城乡建设', '住房和城乡建设'],
  ['人社', '人力资源和社会保障'],
  ['人力社保', '人力资源和社会保障'],
  ['卫健', '卫生健康'],
  ['市场监管', '市场监督管理'],
  ['文旅', '文化和旅游'],
  ['教体', '教育和体育'],
  ['自然资源', '自然资源和规划'],
  ['资规', '自然资源和规划'],
  ['农业', '农业农村'],
  ['生态环境', '生态环境'],
  ['应急', '应急管理'],
  ['综合执法', '综合行政执法'],
  ['行政审批', '行政审批服务'],
  ['审批', '行政审批服务'],
  ['金融', '地方金融监督管理'],
  ['退役军人', '退役军人事务'],
  ['医保', '医疗保障'],
  ['大数据', '大数据'],
  ['城管', '城市管理'],
  ['交通', '交通运输'],
  ['统计', '统计'],
  ['科技', '科学技术'],
  ['投促', '投资促进服务'],
];

/** The name without the administrative prefix and with 委/办/局 treated alike, for comparison. */
function core(name: string): string {
  // Place prefixes (临沂市河东区…, 区/县/市 alone) say nothing about which unit it is. 市场 is not a place.
  let s = normalizeUnitName(name);
  for (let i = 0; i < 2; i++) s = s.replace(/^[\u4e00-\u9fff]{2,4}?(?:省|市(?!场)|县|区)(?=[\u4e00-\u9fff]{2,})/u, '');
  s = s.replace(/^(?:区|县|市(?!场))/u, '');
  for (const [short, full] of ABBREVIATIONS) {
    if (s.includes(full)) continue;
    if (s.startsWith(short)) {
      s = full + s.slice(short.length);
      break;
    }
  }
  return s.replace(/(?:委员会|委|办公室|办|局)$/u, '局');
}

/** Up to `limit` known units closest to `rawName`, best first. */
export function closestUnits(rawName: string, known: readonly KnownUnit[], limit = 3): UnitCandidate[] {
  const name = normalizeUnitName(rawName);
  if (!name) return [];
  const wanted = core(name);
  const scored: UnitCandidate[] = [];
  for (const u of known) {
    const alias = u.aliases.find((a) => normalizeUnitName(a) === name);
    if (alias) {
      scored.push({ id: u.id, name: u.name, reason: `别名“${alias}”`, score: 1 });
      continue;
    }
    const target = core(u.name);
    if (target === wanted) {
      scored.push({ id: u.id, name: u.name, reason: '简称或全称', score: 0.95 });
      continue;
    }
    const d = distance(wanted, target);
    const score = 1 - d / Math.max(wanted.length, target.length);
    const contains = target.includes(wanted) || wanted.includes(target);
    const s = contains ? Math.max(score, 0.7) : score;
    if (s >= 0.4) scored.push({ id: u.id, name: u.name, reason: contains ? '名称包含' : '名称相近', score: Math.round(s * 100) / 100 });
  }
  return scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh')).slice(0, limit);
}
