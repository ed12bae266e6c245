import { describe, expect, it } from 'vitest';
import { clampPage, pageCountOf, pageParamSchema, pageRange, paginate } from './pagination';

describe('pagination', () => {
  const list = Array.from({ length: 123 }, (_, i) => i + 1);

  it('cuts a sorted list into pages and clamps the page number', () => {
    expect(paginate(list, 1, 50)).toMatchObject({ page: 1, pageCount: 3, total: 123, pageSize: 50 });
    expect(paginate(list, 1, 50).items).toEqual(list.slice(0, 50));
    expect(paginate(list, 3, 50).items).toEqual(list.slice(100));
    expect(paginate(list, 99, 50).page).toBe(3);
    expect(paginate(list, 0, 50).page).toBe(1);
    expect(paginate([], 5, 50)).toMatchObject({ items: [], page: 1, pageCount: 1, total: 0 });
  });

  it('counts pages and ranges', () => {
    expect(pageCountOf(0, 50)).toBe(1);
    expect(pageCountOf(50, 50)).toBe(1);
    expect(pageCountOf(51, 50)).toBe(2);
    expect(clampPage(2.7, 120, 50)).toBe(2);
    expect(pageRange({ page: 3, pageSize: 50, total: 123 })).toEqual({ from: 101, to: 123 });
    expect(pageRange({ page: 1, pageSize: 50, total: 0 })).toBeNull();
  });

  it('reads ?page= leniently', () => {
    expect(pageParamSchema.parse(undefined)).toBe(1);
    expect(pageParamSchema.parse('4')).toBe(4);
    expect(pageParamSchema.parse('-1')).toBe(1);
    expect(pageParamSchema.parse('abc')).toBe(1);
    expect(pageParamSchema.parse('2.5')).toBe(1);
  });
});
