import { eq, inArray } from 'drizzle-orm';
import { districts, plans, type District } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { Reader } from '@/lib/db';
import { districtScopeOf } from '@/lib/districts/district-scope';
import { NotFoundError, RefusalError } from '@/lib/errors';

/** The district a file speaks for: its name in the titles, its office as the issuer. */
export type ExportDistrict = Pick<District, 'id' | 'name' | 'officeName'>;

/** 河东区重点工作任务 */
export function keyTasksTitle(d: Pick<District, 'name'>): string {
  return `${d.name}重点工作任务`;
}

/** 河东区重点任务督查督办系统: the author of the workbooks. */
export function systemName(d: Pick<District, 'name'>): string {
  return `${d.name}重点任务督查督办系统`;
}

async function districtRow(db: Reader, id: number): Promise<ExportDistrict | null> {
  const [row] = await db.select({ id: districts.id, name: districts.name, officeName: districts.officeName }).from(districts).where(eq(districts.id, id)).limit(1);
  return row ?? null;
}

/** Why the city office's export is refused: a file (its title, its issuer) speaks for one district. */
export const CITY_EXPORT_NEEDS_DISTRICT = '市级导出请先选择一个区（每份文件只含一个区的数据）';

/**
 * The district of an export. A district's accounts: their own (a requested district that is not
 * theirs is not found: another district's id reveals nothing). The city office reads every
 * district but a file is one district's: the district asked for, else the one district of the
 * lists exported; none, or lists of several districts, is refused.
 */
export async function exportDistrict(
  db: Reader,
  actor: Pick<Actor, 'role' | 'districtId'>,
  { requested, planIds = [] }: { requested?: number; planIds?: readonly number[] },
  notFound = '找不到该记录',
): Promise<ExportDistrict> {
  const scope = districtScopeOf(actor);
  let id: number;
  if (scope.kind === 'district') {
    if (requested !== undefined && requested !== scope.districtId) throw new NotFoundError(notFound);
    id = scope.districtId;
  } else if (requested !== undefined) {
    id = requested;
  } else {
    const ofLists = planIds.length
      ? await db
          .selectDistinct({ districtId: plans.districtId })
          .from(plans)
          .where(inArray(plans.id, [...planIds]))
      : [];
    if (ofLists.length !== 1) throw new RefusalError(CITY_EXPORT_NEEDS_DISTRICT);
    id = ofLists[0]!.districtId;
  }
  const row = await districtRow(db, id);
  if (!row) throw new NotFoundError(notFound);
  return row;
}
