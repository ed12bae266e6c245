/**
 * The labels that introduce units, leaders and deadlines in a notice (`牵头单位：…`, `责任领导：…`,
 * `完成时限：…`), in clauses, on their own lines and as table column headers.
 */
import { compact } from './text';

/**
 * - lead: 牵头单位 — leads the task;
 * - participating: 参与/配合/协办单位 — takes part;
 * - responsible: 责任单位 — when no lead is named, the first one (or those marked ★) leads, the rest take part;
 * - leaders: 责任领导 / 牵头领导 / 分管领导 (names or posts, not units);
 * - deadline: 完成时限 / 时间节点.
 */
export type LabelRole = 'lead' | 'participating' | 'responsible' | 'leaders' | 'deadline';

export const LEAD_LABELS: readonly string[] = ['牵头单位', '牵头责任单位', '牵头部门', '牵头责任部门', '主办单位', '主要责任单位'];
export const PARTICIPATING_LABELS: readonly string[] = [
  '参与单位',
  '配合单位',
  '协办单位',
  '参与部门',
  '配合部门',
  '协同单位',
  '协助单位',
  '配合责任单位',
];
export const RESPONSIBLE_LABELS: readonly string[] = ['责任单位', '责任部门', '承办单位', '实施单位'];
export const LEADER_LABELS: readonly string[] = ['责任领导', '牵头领导', '分管领导', '责任区领导', '联系领导', '包保领导'];
export const DEADLINE_LABELS: readonly string[] = ['完成时限', '时间节点', '完成时间', '完成期限', '办结时限', '时限要求'];

const BY_LABEL: ReadonlyMap<string, LabelRole> = new Map([
  ...LEAD_LABELS.map((l) => [l, 'lead'] as const),
  ...PARTICIPATING_LABELS.map((l) => [l, 'participating'] as const),
  ...RESPONSIBLE_LABELS.map((l) => [l, 'responsible'] as const),
  ...LEADER_LABELS.map((l) => [l, 'leaders'] as const),
  ...DEADLINE_LABELS.map((l) => [l, 'deadline'] as const),
]);

/** The role of a label as written (spaces ignored); null for a label the parser does not know. */
export function labelRole(label: string): LabelRole | null {
  const l = compact(label);
  const known = BY_LABEL.get(l);
  if (known) return known;
  // 牵头区领导, 区政府分管领导, 责任县领导 …: any leader title ends with 领导.
  if (/领导$/u.test(l)) return 'leaders';
  return null;
}

/** Every label, for messages that list what is understood. */
export const KNOWN_LABELS: readonly string[] = [
  ...LEAD_LABELS,
  ...RESPONSIBLE_LABELS,
  ...PARTICIPATING_LABELS,
  ...LEADER_LABELS,
  ...DEADLINE_LABELS,
];

/**
 * `标签：内容` at the start of a clause. The label may carry a short note in brackets
 * (`牵头单位（部门）：`) and be spaced out (`牵 头 单 位：`).
 */
const LABEL_RE = /^((?:[\u4e00-\u9fff]\s*){2,10})(?:[(（][\u4e00-\u9fff、]{1,8}[)）])?\s*[:：]\s*(.*)$/su;

export function readLabel(clause: string): { label: string; rest: string } | null {
  const m = LABEL_RE.exec(clause);
  if (!m) return null;
  return { label: compact(m[1] ?? ''), rest: m[2] ?? '' };
}

/** A line with an unknown label that is clearly about units (`督办单位：…`, `主责部门：…`). */
const UNKNOWN_UNIT_LABEL_RE = /^[(（[【]?\s*([\u4e00-\u9fff]{0,6}(?:单位|部门))\s*[:：]/u;
export function readUnknownUnitLabel(line: string): string | null {
  const m = UNKNOWN_UNIT_LABEL_RE.exec(line);
  return m ? (m[1] ?? null) : null;
}
