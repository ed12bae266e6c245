import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '@/lib/errors';
import { contribute, ctxOf, fgj, kjj, nov, setUpReporting, sthj, task40, tearDownReporting } from './reporting.fixture';
import { getReportEditor } from './report-editor';

beforeAll(setUpReporting);
afterAll(tearDownReporting);

describe('participating unit’s part', () => {
  it('is sent to the lead, who sees it; the participating unit never sees the lead’s report', async () => {
    const saved = await contribute(kjj(), { taskId: task40, periodId: nov, version: 0, content: '配合开展VOCs专项检查' }, 'submit');
    expect(saved).toMatchObject({ ok: true, status: 'submitted' });
    const lead = await getReportEditor(ctxOf(sthj()), 40, '2023-11');
    expect(lead.contributions.map((c) => c.unit.name)).toContain('区科学技术局');
    expect(lead.missingContributions.map((u) => u.name)).toContain('区发展和改革局');
    const part = await getReportEditor(ctxOf(kjj()), 40, '2023-11');
    expect(part.role).toBe('participating');
    expect(part.report).toBeNull();
    expect(part.contributions).toEqual([]);
    expect(part.contribution?.content).toBe('配合开展VOCs专项检查');
  });

  it('a draft part stays with its unit; a lead unit cannot send a part', async () => {
    await contribute(fgj(), { taskId: task40, periodId: nov, version: 0, content: '草稿中' }, 'save');
    const lead = await getReportEditor(ctxOf(sthj()), 40, '2023-11');
    expect(lead.contributions.map((c) => c.unit.name)).not.toContain('区发展和改革局');
    await expect(contribute(sthj(), { taskId: task40, periodId: nov, version: 0, content: 'x' }, 'save')).rejects.toThrow(ForbiddenError);
    const sent = await contribute(kjj(), { taskId: task40, periodId: nov, version: 1, content: '再改' }, 'save');
    expect(sent).toMatchObject({ ok: false, error: '本单位的协办情况已报送，不能再修改' });
  });

  it('a stale save of a draft part gets a conflict with the other version', async () => {
    // fgj's draft is at version 1 (saved above); a colleague moves it to 2, the first editor still holds 1.
    const moved = await contribute(fgj(), { taskId: task40, periodId: nov, version: 1, content: '同事改过' }, 'save');
    expect(moved).toMatchObject({ ok: true, version: 2 });
    const stale = await contribute(fgj(), { taskId: task40, periodId: nov, version: 1, content: '旧版本' }, 'save');
    expect(stale).toMatchObject({ ok: false, conflict: { version: 2, fields: { content: '同事改过' } } });
    if (!stale.ok) expect(stale.error).toContain('保存冲突');
  });

  it('sending a part needs content', async () => {
    const empty = await contribute(fgj(), { taskId: task40, periodId: nov, version: 2, content: '  ' }, 'submit');
    expect(empty).toMatchObject({ ok: false, fieldErrors: { content: ['请填写本单位协办情况'] } });
  });
});
