/**
 * 附件存储限额: the bytes a unit's attachments may take on disk, 2 GB unless its district's
 * `attachments` setting says otherwise (`{ "unitQuotaMb": 4096 }` in district_settings). A stored
 * file counts once for the unit, however many of its reports list it (共用佐证材料) — so listing a
 * file again never takes more room, and only a new upload is checked, under the write lock with its
 * insert.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, districtSettings } from '@/db/schema';
import { queryRow } from '@/db/dialect';
import type { Reader } from '@/lib/db';

const SETTINGS_KEY = 'attachments';
const MB = 1024 * 1024;
const GB = 1024 * MB;
export const DEFAULT_UNIT_QUOTA_MB = 2048;

const quotaSettingsSchema = z.object({ unitQuotaMb: z.number().int().positive() });

/** The quota of every unit of the district, in bytes. */
export async function unitQuotaBytes(db: Reader, districtId: number): Promise<number> {
  const [row] = await db
    .select({ value: districtSettings.value })
    .from(districtSettings)
    .where(and(eq(districtSettings.districtId, districtId), eq(districtSettings.key, SETTINGS_KEY)))
    .limit(1);
  let mb = DEFAULT_UNIT_QUOTA_MB;
  if (row) {
    try {
      const parsed = quotaSettingsSchema.safeParse(JSON.parse(row.value));
      if (parsed.success) mb = parsed.data.unitQuotaMb;
    } catch {
      // A malformed setting falls back to the default, like the other settings.
    }
  }
  return mb * MB;
}

/** The bytes the unit's attachments take, each stored file once. */
export async function unitStoredBytes(db: Reader, unitId: number): Promise<number> {
  // PostgreSQL sums to a bigint, which arrives as text.
  const row = await queryRow<{ bytes: number | string }>(
    db,
    sql`select coalesce(sum(size), 0) as bytes from (select max(${attachments.size}) as size from ${attachments} where ${attachments.unitId} = ${unitId} group by ${attachments.sha256}) as per_file`,
  );
  return Number(row?.bytes ?? 0);
}

/** 2 GB, 1.5 GB, 300 MB, 12 KB. */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${Number((bytes / GB).toFixed(1))} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Why the unit (of the district, whose quota applies) may not store this file (it would pass the
 * quota), or null. A file the unit already stores takes no more room.
 */
export async function quotaRefusal(db: Reader, districtId: number, unitId: number, file: { sha256: string; size: number; fileName: string }): Promise<string | null> {
  const [held] = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.sha256, file.sha256), eq(attachments.unitId, unitId)))
    .limit(1);
  if (held) return null;
  const quota = await unitQuotaBytes(db, districtId);
  const used = await unitStoredBytes(db, unitId);
  if (used + file.size <= quota) return null;
  return `本单位附件已占用 ${formatBytes(used)}，再上传“${file.fileName}”将超过 ${formatBytes(quota)} 的存储限额，请先删除不再需要的附件或联系管理员`;
}
