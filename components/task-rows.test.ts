import { describe, expect, it } from 'vitest';
import type { LedgerTask } from '@/lib/ledger/ledger-service';
import { unpackLights } from './signal-lights';
import { lightsOf, taskRows } from './task-rows';

const task = (over: Partial<LedgerTask> = {}): LedgerTask => ({
  id: 40,
  planId: 1,
  no: 40,
  label: '重点任务 40',
  title: '打好污染防治攻坚战',
  sectionNo: 7,
  openEnded: true,
  deadline: '2023-11-30',
  originalDeadline: '2023-10-31',
  leaders: ['张区长', '李副区长'],
  lead: [{ id: 17, name: '河东生态环境分局' }],
  participating: [
    { id: 11, name: '区发展和改革局' },
    { id: 12, name: '区工业和信息化局' },
  ],
  closedOn: null,
  ...over,
});

const signals = {
  late: { level: 'red' as const, rule: 'late.overdue', reason: '逾期 2 天未报送' },
  pace: { level: 'green' as const, rule: 'ok', reason: '正常' },
  target: { level: 'yellow' as const, rule: 'target.behind', reason: '落后序时进度 17.5 个百分点' },
  flag: { level: 'red' as const, reason: '推进明显滞后', flaggedBy: 3, id: 9 },
  details: [{ level: 'red', rule: 'late.overdue', reason: '…', unitId: 17, unitName: '河东生态环境分局', kind: 'late' }],
};

describe('ledger rows as the browser gets them', () => {
  it('puts what the row shows into words and drops the ids it does not show', () => {
    const [row] = taskRows([task()], new Map([[40, signals]]));
    expect(row).toEqual({
      id: 40,
      no: 40,
      title: '打好污染防治攻坚战',
      closedOn: null,
      leaders: '张区长、李副区长',
      deadline: '原定 2023-10-31，延期至 2023-11-30',
      lead: '河东生态环境分局',
      participating: '区发展和改革局、区工业和信息化局',
      openEnded: true,
      signals: ['r逾期 2 天未报送', 'g', 'y落后序时进度 17.5 个百分点', 'r推进明显滞后'],
    });
  });

  it('leaves out what a task does not have', () => {
    const [row] = taskRows([task({ deadline: null, originalDeadline: null, leaders: [], lead: [], participating: [], openEnded: false })]);
    expect(row).toMatchObject({ deadline: null, leaders: '', lead: '', participating: '', signals: null });
  });

  it('keeps only level and reason of each light (not every rule that fired), packed, and unpacks them again', () => {
    const lights = lightsOf({ ...signals, flag: null });
    expect(lights).toEqual(['r逾期 2 天未报送', 'g', 'y落后序时进度 17.5 个百分点']);
    expect(JSON.stringify(lights)).not.toContain('unitId');
    expect(unpackLights(lights)).toEqual({
      late: { level: 'red', reason: '逾期 2 天未报送' },
      pace: { level: 'green', reason: '正常' },
      target: { level: 'yellow', reason: '落后序时进度 17.5 个百分点' },
      flag: null,
    });
    expect(unpackLights(lightsOf(signals)).flag).toEqual({ level: 'red', reason: '推进明显滞后' });
    // A green light with a reason of its own keeps it.
    expect(unpackLights(lightsOf({ ...signals, target: { level: 'green', reason: '暂无指标完成数据' } })).target).toEqual({ level: 'green', reason: '暂无指标完成数据' });
  });
});
