import type { NoticeLevel, NoticeTargetStatus } from '@/db/schema';

/**
 * 督办单 labels and formatting, apart from lib/notices/schemas.ts so that the forms that print them
 * do not ship zod and the database schema to the browser (schemas.ts re-exports them).
 */

export const NOTICE_LEVEL_LABELS: Record<NoticeLevel, string> = {
  hint: '提示',
  yellow: '黄牌督办',
  red: '红牌督办',
};

export const NOTICE_TARGET_STATUS_LABELS: Record<NoticeTargetStatus, string> = {
  pending: '待反馈',
  answered: '已反馈待审核',
  sent_back: '已退回',
  accepted: '已认可',
};

export const NOTICE_STATUS_LABELS = { open: '办理中', closed: '已办结' } as const;

export const NOTE_KIND_LABELS = { interview: '约谈记录', note: '备注' } as const;

/** 2023-11-29 → 2023年11月29日 (as official documents write dates). */
export function chineseDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
