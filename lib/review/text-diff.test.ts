import { describe, expect, it } from 'vitest';
import { snapshotDiff, textDiff } from './text-diff';

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
});
