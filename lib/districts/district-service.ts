import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { districts, units, type District } from '@/db/schema';
import { transaction, type Db, type Reader } from '@/lib/db';
import { RefusalError } from '@/lib/errors';
import { ensureDefaultUnitGroups } from '@/lib/units/unit-group-service';

/** The unit every district's office staff belong to (the notices address it as 区政府督查室). */
export const OFFICE_UNIT_NAME = '区政府督查室';

/** A district as the operator adds it (npm run district): 行政区划代码, name, and the office that issues its 督办单. */
export const districtInputSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字，例如 371302' }),
  name: z.string().trim().min(2, { error: '请填写行政区名称，例如 兰山区' }).max(20, { error: '行政区名称不超过 20 个字' }),
  officeName: z.string().trim().max(40, { error: '督查机构名称不超过 40 个字' }).optional(),
});
export type DistrictInput = z.input<typeof districtInputSchema>;

export async function listDistricts(db: Reader): Promise<District[]> {
  return db.select().from(districts).orderBy(asc(districts.id));
}

export async function districtById(db: Reader, id: number): Promise<District | null> {
  const [row] = await db.select().from(districts).where(eq(districts.id, id)).limit(1);
  return row ?? null;
}

export async function districtByCode(db: Reader, code: string): Promise<District | null> {
  const [row] = await db.select().from(districts).where(eq(districts.code, code.trim())).limit(1);
  return row ?? null;
}

/**
 * Adds a district with what it needs before its first list: its office's unit (where the office's
 * staff belong) and the default unit groups (各镇街, 区直各部门 …). Its other units come with its
 * first imported notice.
 */
export async function addDistrict(db: Db, input: DistrictInput): Promise<District> {
  const data = districtInputSchema.parse(input);
  return transaction(db, async (tx) => {
    if (await districtByCode(tx, data.code)) throw new RefusalError(`行政区划代码 ${data.code} 已存在`, 'code');
    const [row] = await tx
      .insert(districts)
      .values({ code: data.code, name: data.name, officeName: data.officeName || `${data.name}人民政府督查室` })
      .returning();
    await tx.insert(units).values({ districtId: row!.id, name: OFFICE_UNIT_NAME, kind: 'office' }).onConflictDoNothing();
    await ensureDefaultUnitGroups(tx, row!.id);
    return row!;
  });
}

/** Renames a district (the first start names the embedded one 河东区; an installation elsewhere renames it). */
export async function updateDistrict(db: Db, code: string, input: Partial<Omit<DistrictInput, 'code'>> & { newCode?: string }): Promise<District> {
  const data = districtInputSchema.partial().parse({ name: input.name, officeName: input.officeName, code: input.newCode });
  return transaction(db, async (tx) => {
    const current = await districtByCode(tx, code);
    if (!current) throw new RefusalError(`找不到行政区划代码为 ${code} 的行政区`, 'code');
    if (data.code && data.code !== current.code && (await districtByCode(tx, data.code))) throw new RefusalError(`行政区划代码 ${data.code} 已存在`, 'code');
    const [row] = await tx
      .update(districts)
      .set({ code: data.code ?? current.code, name: data.name ?? current.name, officeName: data.officeName ?? current.officeName })
      .where(eq(districts.id, current.id))
      .returning();
    return row!;
  });
}

/** The line above the login form: the one district's government office, or nothing for a city's deployment of several. */
export async function loginIssuer(db: Reader): Promise<string | null> {
  const rows = await db.select({ name: districts.name }).from(districts).orderBy(asc(districts.id)).limit(2);
  return rows.length === 1 ? `${rows[0]!.name}人民政府办公室` : null;
}

/**
 * The district an operator command acts in: the one named by its code, or the only district of an
 * installation that has one. A deployment of several districts must say which.
 */
export async function districtForCommand(db: Reader, code: string | undefined): Promise<District> {
  if (code) {
    const found = await districtByCode(db, code);
    if (!found) throw new RefusalError(`找不到行政区划代码为 ${code} 的行政区（npm run district -- list 可查看）`, 'district');
    return found;
  }
  const all = await db.select().from(districts).orderBy(asc(districts.id)).limit(2);
  if (all.length === 1) return all[0]!;
  throw new RefusalError('本系统有多个行政区，请用 --district 行政区划代码 指明', 'district');
}
