import { describe, expect, it } from 'vitest';
import { availableCommands, mayAttempt, stateRefusal } from './problem-rules';

describe('problem states: open → answered → closed', () => {
  it('answers only an open problem, by its addressee (the office may answer for a leader)', () => {
    expect(mayAttempt('answer', 'office', 'office')).toBe(true);
    expect(mayAttempt('answer', 'office', 'leader')).toBe(true);
    expect(mayAttempt('answer', 'leader', 'leader')).toBe(true);
    expect(mayAttempt('answer', 'leader', 'office')).toBe(false);
    expect(mayAttempt('answer', 'raisingUnit', 'office')).toBe(false);
    expect(stateRefusal({ status: 'open', addressedTo: 'office' }, 'answer')).toBeNull();
    expect(stateRefusal({ status: 'answered', addressedTo: 'office' }, 'answer')).toMatch('已答复');
    expect(stateRefusal({ status: 'closed', addressedTo: 'office' }, 'answer')).toBe('该问题已关闭');
  });

  it('is closed by the raising unit or the office, open or answered; a closed problem stays closed (no reopening)', () => {
    expect(mayAttempt('close', 'raisingUnit', 'leader')).toBe(true);
    expect(mayAttempt('close', 'office', 'leader')).toBe(true);
    expect(mayAttempt('close', 'leader', 'leader')).toBe(false);
    expect(mayAttempt('close', 'other', 'office')).toBe(false);
    expect(stateRefusal({ status: 'open', addressedTo: 'office' }, 'close')).toBeNull();
    expect(stateRefusal({ status: 'answered', addressedTo: 'office' }, 'close')).toBeNull();
    expect(stateRefusal({ status: 'closed', addressedTo: 'office' }, 'close')).toBe('该问题已关闭');
  });

  it('is escalated by the office from itself to a leader, only while it waits for an answer', () => {
    expect(mayAttempt('escalate', 'office', 'office')).toBe(true);
    expect(mayAttempt('escalate', 'leader', 'office')).toBe(false);
    expect(mayAttempt('escalate', 'raisingUnit', 'office')).toBe(false);
    expect(stateRefusal({ status: 'open', addressedTo: 'office' }, 'escalate')).toBeNull();
    expect(stateRefusal({ status: 'open', addressedTo: 'leader' }, 'escalate')).toBe('该问题已提交区领导');
    expect(stateRefusal({ status: 'answered', addressedTo: 'office' }, 'escalate')).toBe('只有待答复的问题可以转呈领导');
  });

  it('offers each actor what both checks allow', () => {
    expect(availableCommands({ status: 'open', addressedTo: 'office' }, 'office')).toEqual(['answer', 'escalate', 'close']);
    expect(availableCommands({ status: 'open', addressedTo: 'leader' }, 'office')).toEqual(['answer', 'close']);
    expect(availableCommands({ status: 'open', addressedTo: 'leader' }, 'leader')).toEqual(['answer']);
    expect(availableCommands({ status: 'open', addressedTo: 'office' }, 'leader')).toEqual([]);
    expect(availableCommands({ status: 'answered', addressedTo: 'office' }, 'raisingUnit')).toEqual(['close']);
    expect(availableCommands({ status: 'answered', addressedTo: 'office' }, 'office')).toEqual(['close']);
    expect(availableCommands({ status: 'closed', addressedTo: 'office' }, 'raisingUnit')).toEqual([]);
    expect(availableCommands({ status: 'open', addressedTo: 'office' }, 'other')).toEqual([]);
  });
});
