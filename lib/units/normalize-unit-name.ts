/**
 * Unit (责任单位) name normalisation and alias resolution.
 * Pure functions, no database access.
 */

export type UnitKind = 'department' | 'town' | 'street' | 'park' | 'office';

/** Trailing punctuation that never belongs to a unit name. */
const TRAILING_PUNCT = /[。，,；;、.．：:]+$/u;
/** Leading punctuation left over from list splitting. */
const LEADING_PUNCT = /^[。，,；;、.．：:]+/u;

/**
 * Normalise a raw unit name as written in a notice:
 * - removes all whitespace (incl. full-width space U+3000);
 * - full-width ASCII letters/digits (Ａ-Ｚ ａ-ｚ ０-９) → half-width;
 * - ASCII parentheses → Chinese full-width （）, the canonical form inside names;
 * - strips leading/trailing list punctuation (。，,；;、. etc.).
 */
export function normalizeUnitName(raw: string): string {
  let s = raw.replace(/\s+/gu, '');
  s = s.replace(/[Ａ-Ｚａ-ｚ０-９]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  s = s.replace(/\(/gu, '（').replace(/\)/gu, '）');
  s = s.replace(LEADING_PUNCT, '').replace(TRAILING_PUNCT, '');
  return s;
}

/**
 * Built-in alias → canonical name (canonical = the form used in
 * 临东政办字〔2023〕19号). Keys are already normalised.
 */
export const BUILTIN_UNIT_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  // 2023 通知中两种写法并存，规范名为“区投资促进服务中心”
  区投资促进中心: '区投资促进服务中心',
  // 常见简称
  区发改局: '区发展和改革局',
  区发展改革局: '区发展和改革局',
  区工信局: '区工业和信息化局',
  区住建局: '区住房和城乡建设局',
  区住房城乡建设局: '区住房和城乡建设局',
  区人社局: '区人力资源和社会保障局',
  区人力社保局: '区人力资源和社会保障局',
  区卫健局: '区卫生健康局',
  区市场监管局: '区市场监督管理局',
  区文旅局: '区文化和旅游局',
  区文化旅游局: '区文化和旅游局',
  区教体局: '区教育和体育局',
  区行政审批局: '区行政审批服务局',
  区审批局: '区行政审批服务局',
  区审批服务局: '区行政审批服务局',
  区科技局: '区科学技术局',
  区金融监管局: '区地方金融监督管理局',
  区地方金融监管局: '区地方金融监督管理局',
  区金融局: '区地方金融监督管理局',
  区应急局: '区应急管理局',
  区综合执法局: '区综合行政执法局',
  区退役军人局: '区退役军人事务局',
  // 市局派驻分局的全称 → 通知中的简称
  临沂市公安局河东分局: '河东公安分局',
  市公安局河东分局: '河东公安分局',
  临沂市生态环境局河东区分局: '河东生态环境分局',
  市生态环境局河东区分局: '河东生态环境分局',
});

const BUILTIN_MAP: ReadonlyMap<string, string> = new Map(Object.entries(BUILTIN_UNIT_ALIASES));

/**
 * Normalise, then resolve aliases: first `extraAliases` (alias → canonical,
 * e.g. from the database; keys should be normalised), then the built-in list.
 */
export function canonicalUnitName(raw: string, extraAliases?: ReadonlyMap<string, string>): string {
  const n = normalizeUnitName(raw);
  const viaExtra = extraAliases?.get(n);
  const step1 = viaExtra !== undefined ? normalizeUnitName(viaExtra) : n;
  return BUILTIN_MAP.get(step1) ?? step1;
}

/** Infer the kind of a unit from its (normalised) name. */
export function inferUnitKind(name: string): UnitKind {
  const n = normalizeUnitName(name);
  if (n.includes('督查室')) return 'office';
  if (/街道(办事处)?$/u.test(n)) return 'street';
  if (/镇(人民政府)?$/u.test(n)) return 'town';
  if (/(度假区|开发区|示范区|园区)(管委会|管理委员会)?$/u.test(n)) return 'park';
  return 'department';
}

/**
 * Units the 2023 notice is addressed to (镇街、园区) that own no 2023 task,
 * plus the supervision office (区政府督查室).
 */
export const DISTRICT_EXTRA_UNITS: ReadonlyArray<{ readonly name: string; readonly kind: UnitKind }> =
  Object.freeze([
    { name: '九曲街道', kind: 'street' },
    { name: '太平街道', kind: 'street' },
    { name: '汤头街道', kind: 'street' },
    { name: '八湖镇', kind: 'town' },
    { name: '汤河镇', kind: 'town' },
    { name: '郑旺镇', kind: 'town' },
    { name: '临沂汤头温泉旅游度假区', kind: 'park' },
    { name: '河东经济开发区', kind: 'park' },
    { name: '农业高新技术产业示范区', kind: 'park' },
    { name: '区政府督查室', kind: 'office' },
  ] as const);
