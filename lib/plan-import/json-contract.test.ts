import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '@/lib/indicators/extract-indicators';
import { planToJson } from '@/lib/plan-import/json-contract';
import { parseNotice } from '@/lib/plan-import/parse-notice';

const SEED = fs.readFileSync(path.resolve(__dirname, '../../db/seed-data/hedong-2023-key-tasks-notice.txt'), 'utf8');

describe('planToJson', () => {
  const json = planToJson(parseNotice(SEED), extractIndicators);

  it('has exactly the fields of the contract', () => {
    expect(Object.keys(json).sort()).toEqual(['code', 'kind', 'sections', 'tasks', 'title', 'warnings', 'year']);
    expect(Object.keys(json.sections[0] ?? {}).sort()).toEqual(['no', 'numeral', 'title']);
    expect(Object.keys(json.tasks[0] ?? {}).sort()).toEqual(
      ['deadline', 'groups', 'indicators', 'lead', 'leaders', 'no', 'openEnded', 'participating', 'section', 'text', 'title'].sort(),
    );
    expect(Object.keys(json.warnings[0] ?? {}).sort()).toEqual(['line', 'message', 'text']);
    const withIndicator = json.tasks.find((t) => t.indicators.length > 0);
    expect(Object.keys(withIndicator?.indicators[0] ?? {}).sort()).toEqual(['comparator', 'name', 'target', 'targetMax', 'unit']);
  });

  it('carries the plan', () => {
    expect(json).toMatchObject({ code: '临东政办字〔2023〕19号', year: 2023, kind: 'key_tasks' });
    expect(json.sections).toHaveLength(12);
    expect(json.tasks).toHaveLength(77);
    expect(json.tasks[0]).toMatchObject({
      no: 1,
      section: 1,
      title: '培优育强重点产业',
      lead: ['区发展和改革局', '区工业和信息化局'],
      leaders: [],
      deadline: null,
      openEnded: false,
      groups: [],
    });
    expect(json.tasks.find((t) => t.no === 40)?.section).toBe(7);
    expect(json.warnings).toEqual([{ line: 207, message: '无法归入任何任务，已忽略', text: '关闭窗口' }]);
  });

  it('proposes the indicators of each task from its text', () => {
    // Task 3: 力争年内税收过千万元企业突破20家 …
    const t3 = json.tasks.find((t) => t.no === 3);
    expect(t3?.indicators).toContainEqual({ name: '税收过千万元企业', target: 20, targetMax: null, unit: '家', comparator: 'at_least' });
  });

  it('is plain JSON (survives a round trip)', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
