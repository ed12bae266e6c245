import { describe, expect, it } from 'vitest';
import { closestUnits, type KnownUnit } from './closest-units';

const known: KnownUnit[] = [
  { id: 1, name: '区发展和改革局', aliases: ['区发改局'] },
  { id: 2, name: '区工业和信息化局', aliases: [] },
  { id: 3, name: '区财政局', aliases: [] },
  { id: 4, name: '区住房和城乡建设局', aliases: [] },
  { id: 5, name: '区投资促进服务中心', aliases: ['区投资促进中心'] },
  { id: 6, name: '区市场监督管理局', aliases: [] },
];

describe('closestUnits', () => {
  it('finds a unit by its alias first', () => {
    expect(closestUnits('区发改局', known)[0]).toMatchObject({ id: 1, reason: '别名“区发改局”' });
  });
  it('expands common abbreviations and treats 委/局 alike (发改委 ↔ 发展和改革局)', () => {
    expect(closestUnits('县发改委', known)[0]).toMatchObject({ id: 1 });
    expect(closestUnits('工信局', known)[0]).toMatchObject({ id: 2 });
    expect(closestUnits('市场监管局', known)[0]).toMatchObject({ id: 6 });
    expect(closestUnits('区住建局', known)[0]).toMatchObject({ id: 4 });
  });
  it('falls back to names that contain each other or are close', () => {
    const c = closestUnits('投资促进服务中心', known);
    expect(c[0]).toMatchObject({ id: 5 });
  });
  it('returns at most `limit`, best first, and nothing for unrelated or empty names', () => {
    expect(closestUnits('区财政局', known, 2).length).toBeLessThanOrEqual(2);
    expect(closestUnits('中国人民银行某某支行', known)).toEqual([]);
    expect(closestUnits('  ', known)).toEqual([]);
  });
});

describe('closestUnits with place prefixes', () => {
  it('ignores 市/区 prefixes without eating 市场', () => {
    expect(closestUnits('临沂市河东区发改局', known)[0]).toMatchObject({ id: 1 });
    expect(closestUnits('区市场监督管理局', known)[0]).toMatchObject({ id: 6, score: 0.95 });
  });
});
