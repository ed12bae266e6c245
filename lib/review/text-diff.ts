import { diffChars } from 'diff';
import { SNAPSHOT_FIELD_LABELS } from '@/lib/reporting/report-fields';

export type DiffPart = { text: string; change: 'same' | 'added' | 'removed' };

/** Character-level diff (Chinese has no spaces to split words on). */
export function textDiff(before: string, after: string): DiffPart[] {
  return diffChars(before, after).map((p) => ({ text: p.value, change: p.added ? 'added' : p.removed ? 'removed' : 'same' }));
}

export type FieldChange = { field: string; label: string; before: string; after: string; parts: DiffPart[] };

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value
      .map((v: { name?: string; value?: number; unit?: string }) => `${v.name}：${v.value}${v.unit ?? ''}`)
      .join('\n');
  }
  return String(value);
}

/** What changed between two snapshots of a report or part, field by field (unchanged fields left out). */
export function snapshotDiff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const out: FieldChange[] = [];
  for (const field of fields) {
    const b = show(before[field]);
    const a = show(after[field]);
    if (a === b) continue;
    out.push({ field, label: SNAPSHOT_FIELD_LABELS[field] ?? field, before: b, after: a, parts: textDiff(b, a) });
  }
  return out;
}
