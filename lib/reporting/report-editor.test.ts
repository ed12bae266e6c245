import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { actorFor } from '@/lib/testing/temp-db';
import { ctxOf, env, setUpReporting, sthj, tearDownReporting } from './reporting.fixture';
import { getReportEditor } from './report-editor';

beforeAll(setUpReporting);
afterAll(tearDownReporting);

describe('the reporting page of one task', () => {
  it('the editor refuses units not on the task', async () => {
    await expect(getReportEditor(ctxOf(await actorFor(env.db, 'reporter', '区民政局')), 40)).rejects.toThrow(ForbiddenError);
  });

  it('a task that does not exist is not found', async () => {
    await expect(getReportEditor(ctxOf(sthj()), 999_999)).rejects.toThrow(NotFoundError);
  });

  it('without a month, the current period; a lead unit gets its side of the page', async () => {
    const data = await getReportEditor(ctxOf(sthj()), 40);
    expect(data.period.month).toBe('2023-11');
    expect(data.role).toBe('lead');
    expect(data.contribution).toBeNull();
    expect(data.periods.length).toBeGreaterThan(0);
    expect(data.periods.every((p) => p.month <= '2023-11')).toBe(true);
  });
});
