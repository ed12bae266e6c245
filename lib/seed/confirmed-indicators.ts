import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { INDICATOR_COMPARATORS, indicators, tasks } from '@/db/schema';

export const CURATED_2023_FILE = path.resolve(process.cwd(), 'db/seed-data/indicators-2023.json');

const curatedSchema = z.array(
  z.object({
    taskNo: z.number().int(),
    name: z.string(),
    target: z.number(),
    targetMax: z.number().nullable(),
    unit: z.string(),
    comparator: z.enum(INDICATOR_COMPARATORS),
    sourcePhrase: z.string(),
  }),
);

/** Replaces a plan's proposals by a reviewed, confirmed set (the 2023 seed ships one). */
export function applyConfirmedIndicators(db: AppDatabase, planId: number, file = CURATED_2023_FILE): number {
  const entries = curatedSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return db.transaction(
    (tx) => {
      const taskRows = tx.select({ id: tasks.id, no: tasks.no, text: tasks.text }).from(tasks).where(eq(tasks.planId, planId)).all();
      const byNo = new Map(taskRows.map((t) => [t.no, t]));
      const ids = taskRows.map((t) => t.id);
      if (ids.length) tx.delete(indicators).where(inArray(indicators.taskId, ids)).run();
      const position = new Map<number, number>();
      for (const e of entries) {
        const task = byNo.get(e.taskNo);
        if (!task || !task.text.includes(e.sourcePhrase)) throw new Error(`指标“${e.name}”的出处不在任务 ${e.taskNo} 的原文中`);
        const pos = position.get(task.id) ?? 0;
        position.set(task.id, pos + 1);
        const { taskNo: _no, ...fields } = e;
        tx.insert(indicators).values({ taskId: task.id, ...fields, status: 'confirmed', position: pos }).run();
      }
      return entries.length;
    },
    { behavior: 'immediate' },
  );
}

