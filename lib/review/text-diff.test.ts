import { describe, expect, it } from 'vitest';
import { snapshotDiff, TEXT_DIFF_MAX_EDITS, textDiff } from './text-diff';

describe('resubmission diff', () => {
  it('marks added and removed characters', () => {
    expect(textDiff('完成造林50亩', '完成造林97亩')).toEqual([
      { text: '完成造林', change: 'same' },
      { text: '50', change: 'removed' },
      { text: '97', change: 'added' },
      { text: '亩', change: 'same' },
    ]);
  });

  it('lists only the fields that changed, indicators included', () => {
    const before = { progress: '开展调研', percentDone: 60, problems: '', indicators: [{ name: '造林', value: 50, unit: '亩' }] };
    const after = { progress: '开展调研，完成验收', percentDone: 60, problems: '', indicators: [{ name: '造林', value: 97, unit: '亩' }] };
    const d = snapshotDiff(before, after);
    expect(d.map((c) => c.label)).toEqual(['本月进展', '目标指标']);
    expect(d[1]).toMatchObject({ before: '造林：50亩', after: '造林：97亩' });
  });

  it('gives up on a rewrite instead of working through it: 5,000 changed characters fall back to showing both versions', () => {
    // Two texts with no character in common: every character is an edit (10,000 of them).
    const before = '甲'.repeat(5000);
    const after = '乙'.repeat(5000);
    expect(textDiff(before, after)).toBeNull();
    const [change] = snapshotDiff({ progress: before }, { progress: after });
    expect(change).toMatchObject({ label: '本月进展', before, after, parts: null });
  });

  it('still marks a change of a sentence or two in a long text', () => {
    const head = '推进项目建设。'.repeat(400);
    const tail = '加强督促检查。'.repeat(300);
    const parts = textDiff(`${head}完成造林50亩。${tail}`, `${head}完成造林97亩，附验收单。${tail}`);
    const text = (change: string) => parts?.filter((p) => p.change === change).map((p) => p.text).join('');
    expect(text('removed')).toBe('50');
    expect(text('added')).toBe('97，附验收单');
    // The bound is in characters added plus removed, with room for a paragraph rewritten.
    expect(textDiff('', '改'.repeat(TEXT_DIFF_MAX_EDITS))).not.toBeNull();
    expect(textDiff('', '改'.repeat(TEXT_DIFF_MAX_EDITS + 1))).toBeNull();
  });
});
