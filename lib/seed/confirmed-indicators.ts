import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { INDICATOR_COMPARATORS, INDICATOR_KINDS, indicators, tasks } from '@/db/schema';
import { transaction, type Db } from '@/lib/db';

export const CURATED_2023_FILE = path.resolve(process.cwd(), 'db/seed-data/indicators-2023.json');

const curatedSchema = z.array(
  z.object({
    taskNo: z.number().int(),
    name: z.string(),
    target: z.number(),
    targetMax: z.number().nullable(),
    unit: z.string(),
    comparator: z.enum(INDICATOR_COMPARATORS),
    /** 指标类型: every curated entry states how its figure is judged. */
    kind: z.enum(INDICATOR_KINDS),
    sourcePhrase: z.string(),
  }),
);

/** Replaces a plan's proposals by a reviewed, confirmed set (the 2023 seed ships one). */
export async function applyConfirmedIndicators(db: Db, planId: number, file = CURATED_2023_FILE): Promise<number> {
  const entries = curatedSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return transaction(db, async (tx) => {
    const taskRows = await tx.select({ id: tasks.id, no: tasks.no, text: tasks.text }).from(tasks).where(eq(tasks.planId, planId));
    const byNo = new Map(taskRows.map((t) => [t.no, t]));
    const ids = taskRows.map((t) => t.id);
    if (ids.length) await tx.delete(indicators).where(inArray(indicators.taskId, ids));
    const position = new Map<number, number>();
    for (const e of entries) {
      const task = byNo.get(e.taskNo);
      if (!task || !task.text.includes(e.sourcePhrase)) throw new Error(`指标“${e.name}”的出处不在任务 ${e.taskNo} 的原文中`);
      const pos = position.get(task.id) ?? 0;
      position.set(task.id, pos + 1);
      const { taskNo: _no, ...fields } = e;
      await tx.insert(indicators).values({ taskId: task.id, ...fields, status: 'confirmed', position: pos });
    }
    return entries.length;
  });
}

