import { z } from 'zod';

/**
 * Long lists (review queue, overdue list, ledger) are shown a page at a time: at city or province
 * scale they hold tens of thousands of rows, far more than a page can render or a person read.
 */
export type Page<T> = {
  items: T[];
  /** 1-based, clamped to the last page. */
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
};

/** `?page=` from the query string: a bad value means the first page, never an error. */
export const pageParamSchema = z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1);

export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The requested page, clamped to [1, last page]. */
export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(Math.max(1, Math.floor(page)), pageCountOf(total, pageSize));
}

/** One page of an already sorted list. */
export function paginate<T>(all: readonly T[], page: number, pageSize: number): Page<T> {
  const current = clampPage(page, all.length, pageSize);
  const start = (current - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), page: current, pageCount: pageCountOf(all.length, pageSize), pageSize, total: all.length };
}

/** '第 51–100 项' style range of a page (1-based, inclusive), or null when the list is empty. */
export function pageRange(p: Pick<Page<unknown>, 'page' | 'pageSize' | 'total'>): { from: number; to: number } | null {
  if (p.total === 0) return null;
  const from = (p.page - 1) * p.pageSize + 1;
  return { from, to: Math.min(p.total, from + p.pageSize - 1) };
}
