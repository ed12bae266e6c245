import { diffChars } from 'diff';
import { SNAPSHOT_FIELD_LABELS } from '@/lib/reporting/report-fields';

export type DiffPart = { text: string; change: 'same' | 'added' | 'removed' };

/**
 * The most characters added plus removed that a field's diff marks one by one. The diff's work
 * grows with the square of this number (Myers): unbounded, 5,000 changed characters took seconds of
 * CPU per page view, blocking every other request; at 500 the worst case gives up after ~30 ms
 * (1,000: ~120 ms). A change that large is a rewrite anyway, better read as the two versions side
 * by side.
 */
export const TEXT_DIFF_MAX_EDITS = 500;

/**
 * Character-level diff (Chinese has no spaces to split words on), or null when more than
 * TEXT_DIFF_MAX_EDITS characters changed: the diff gives up at that bound instead of finishing.
 */
export function textDiff(before: string, after: string): DiffPart[] | null {
  const changes = diffChars(before, after, { maxEditLength: TEXT_DIFF_MAX_EDITS });
  if (!changes) return null;
  return changes.map((p) => ({ text: p.value, change: p.added ? 'added' : p.removed ? 'removed' : 'same' }));
}

/** `parts` null: too many changes to mark; the page shows `before` and `after` whole, side by side. */
export type FieldChange = { field: string; label: string; before: string; after: string; parts: DiffPart[] | null };

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
