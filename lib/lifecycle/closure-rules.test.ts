import { describe, expect, it } from 'vitest';
import { closedLabel, closureRequestRefusal, decideClosure, reopenRefusal } from './closure-rules';

describe('办结销号 states', () => {
  it('pending → approved | returned (with a reason) | withdrawn', () => {
    expect(decideClosure('pending', 'approve')).toEqual({ ok: true, status: 'approved' });
    expect(decideClosure('pending', 'return', '请补充材料')).toEqual({ ok: true, status: 'returned' });
    expect(decideClosure('pending', 'withdraw')).toEqual({ ok: true, status: 'withdrawn' });
    expect(decideClosure('pending', 'return', '  ')).toEqual({ ok: false, error: '退回须填写理由' });
  });

  it('a decided application is final', () => {
    for (const from of ['approved', 'returned', 'withdrawn'] as const) {
      for (const decision of ['approve', 'return', 'withdraw'] as const) expect(decideClosure(from, decision, '理由').ok).toBe(false);
    }
    expect(decideClosure('approved', 'approve')).toEqual({ ok: false, error: '该办结申请已办结，不能再处理' });
  });

  it('only an active task without a pending application can be applied for', () => {
    expect(closureRequestRefusal({ taskStatus: 'active', pendingRequests: 0 })).toBeNull();
    expect(closureRequestRefusal({ taskStatus: 'active', pendingRequests: 1 })).toBe('该任务已有待审核的办结申请');
    expect(closureRequestRefusal({ taskStatus: 'closed', pendingRequests: 0 })).toBe('任务已办结，无需再申请');
  });

  it('the office reopens a closed task, with a reason', () => {
    expect(reopenRefusal({ taskStatus: 'closed', reason: '发现遗留问题' })).toBeNull();
    expect(reopenRefusal({ taskStatus: 'closed', reason: ' ' })).toBe('重新启动须填写理由');
    expect(reopenRefusal({ taskStatus: 'active', reason: '理由' })).toBe('任务未办结，无需重新启动');
    expect(closedLabel('2023-11-22')).toBe('已办结 2023-11-22');
  });
});
